import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { auditLog, budgets } from "@/db/schema";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { createBudget } from "@/lib/budgets/create-budget";
import { updateBudget } from "@/lib/budgets/update-budget";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { getDigestStatus } from "@/lib/review/queries";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { deliverPendingAlerts } from "./deliver-alerts";
import { evaluateBudgets } from "./evaluate-budgets";
import { fireAlert } from "./fire-alert";
import { listAlerts, toApiAlert } from "./queries";

// The db project allow-lists 127.0.0.1 (vitest.config.ts), as an install with an internal relay would; other loopback
// hosts stay refused.
const NOW = new Date("2026-11-22T12:00:00Z");
const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});
const readKey = (db: Ctx["db"]): Ctx => ({ db, actor: { kind: "api_key", keyId: "k", name: "read", scopes: ["read"] } as Ctx["actor"] });

describeEachDatabase("alert delivery through the outbound guard", (t) => {
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });

  it("refuses loopback, private and metadata webhooks when saving, naming the reason", async () => {
    const ctx = as(t.handle.db, "finance");
    for (const [url, reason] of [
      ["http://localhost:5471/", "localhost is a loopback address"],
      ["http://127.0.0.2:5471/", "127.0.0.2 is a loopback address"],
      ["http://0x7f000002:5471/", "127.0.0.2 is a loopback address"],
      ["http://169.254.169.254/latest", "169.254.169.254 is a cloud metadata address"],
      ["http://192.168.0.10/hook", "192.168.0.10 is a private address"],
    ] as const) {
      const attempt = createBudget(ctx, { name: "B", amount_usd: "10", period: "day", webhook_url: url }, NOW);
      await expect(attempt).rejects.toMatchObject({ code: "invalid_webhook_url", status: 400, message: expect.stringContaining(reason) });
    }
    // The allow-listed host is accepted, whatever its spelling (2130706433 is 127.0.0.1).
    const allowed = await createBudget(ctx, { name: "B", amount_usd: "10", period: "day", webhook_url: "http://2130706433:5471/" }, NOW);
    expect(allowed.webhookUrl).toBe("http://2130706433:5471/");
  });

  it("a webhook that passed saving but names this machine is refused at send: not delivered, the error for admins only", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    // Saved before the guard existed (or by hand): the name resolves to loopback when sending.
    await t.handle.db.insert(budgets).values({
      name: "Legacy",
      amountUsd: "10",
      period: "day",
      filters: {},
      thresholds: [50],
      webhookUrl: `http://localhost:${port}/hook`,
      createdBy: "test",
    });
    await ingestEvents(systemContext(t.handle.db), [makeEvent({ id: "g1", timestamp: "2026-11-22T10:00:00Z", cost_usd: "6" })], NOW);
    await evaluateBudgets(systemContext(t.handle.db), NOW);
    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 0, failed: 1 });
    expect(receiver.posts).toHaveLength(0);

    const [admin] = await listAlerts(as(t.handle.db, "admin"), { since: new Date(0) });
    expect(admin?.lastError).toBe("refused: localhost is a loopback address");
    expect(admin?.nextAttemptAt).toBeNull(); // a refusal is final: no retries to probe with
    for (const ctx of [as(t.handle.db, "member"), as(t.handle.db, "finance"), readKey(t.handle.db)]) {
      const [a] = await listAlerts(ctx, { since: new Date(0) });
      expect(a && toApiAlert(a).delivery).toEqual({ state: "failed", attempts: 1, last_error: "delivery failed" });
    }
  });

  it("an unreachable receiver's error (a port scan's answer) reaches admins only, in the API and the digest line", async () => {
    const receiver = await startWebhookReceiver();
    const url = receiver.url;
    await receiver.close(); // nothing listens there now: ECONNREFUSED
    await fireAlert(systemContext(t.handle.db), {
      dedupeKey: "digest:2026-W46",
      kind: "digest",
      periodStart: "2026-11-09",
      message: "d",
      details: {},
      webhookUrl: url,
    });
    await fireAlert(systemContext(t.handle.db), {
      dedupeKey: "x",
      kind: "anomaly",
      periodStart: "2026-11-22",
      message: "a",
      details: {},
      webhookUrl: url,
    });
    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 0, failed: 2 });
    const [adminAlert] = await listAlerts(as(t.handle.db, "admin"), { since: new Date(0) });
    expect(adminAlert?.lastError).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
    const [memberAlert] = await listAlerts(as(t.handle.db, "member"), { since: new Date(0) });
    expect(memberAlert?.lastError).toBe("delivery failed");
    expect((await getDigestStatus(as(t.handle.db, "admin"), "2026-W46"))?.lastError).toMatch(/ECONNREFUSED/);
    expect(await getDigestStatus(as(t.handle.db, "member"), "2026-W46")).toMatchObject({ attempts: 1, lastError: "delivery failed" });
  });

  it("the audit log names the webhook's host, never its path", async () => {
    const ctx = as(t.handle.db, "admin");
    const created = await createBudget(
      ctx,
      { name: "Audited", amount_usd: "10", period: "day", webhook_url: "https://hooks.slack.com/services/T0/B0/secretsecret" },
      NOW,
    );
    await updateBudget(
      ctx,
      created.id,
      { name: "Audited", amount_usd: "20", period: "day", webhook_url: "https://relay.example:8443/t/abc" },
      NOW,
    );
    const rows = await t.handle.db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.target, "Audited"));
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.details]));
    expect(byAction["budget.created"]).toMatchObject({ webhook_host: "hooks.slack.com" });
    expect(byAction["budget.updated"]).toMatchObject({ webhook_host_before: "hooks.slack.com", webhook_host: "relay.example:8443" });
    expect(JSON.stringify(rows)).not.toContain("secretsecret");
    expect(JSON.stringify(rows)).not.toContain("/t/abc");
  });
});
