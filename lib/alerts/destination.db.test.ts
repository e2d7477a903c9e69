import { eq } from "drizzle-orm";
import { afterAll, afterEach, expect, it, vi } from "vitest";
import { alerts, auditLog, integrationSettings } from "@/db/schema";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { createBudget } from "@/lib/budgets/create-budget";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { alertDestinationView, globalAlertWebhook, removeAlertDestination, saveAlertDestination } from "./destination";
import { evaluateBudgets } from "./evaluate-budgets";
import { sendTestAlert, TEST_MESSAGE } from "./send-test-alert";

// Read once by lib/env.ts, before anything else asks. The db project allow-lists 127.0.0.1 (vitest.config.ts).
const ENV_URL = "https://hooks.example.com/services/from-env-AAAA";
vi.stubEnv("BURNRATE_SECRET", "a-test-secret-of-at-least-32-characters!");
vi.stubEnv("ALERT_WEBHOOK_URL", ENV_URL);
afterAll(() => {
  vi.unstubAllEnvs();
});

const NOW = new Date("2026-11-22T12:00:00Z");
const STORED = "https://hooks.slack.com/services/T000/B000/stored-secret-9876";
const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});

describeEachDatabase("the global alert webhook (Settings → Alerts)", (t) => {
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });

  it("a stored URL wins over ALERT_WEBHOOK_URL, is sealed (only a masked hint readable), and removing it brings the env's back", async () => {
    const admin = as(t.handle.db, "admin");
    expect(await globalAlertWebhook(admin)).toEqual({ url: ENV_URL, source: "env" });
    expect(await alertDestinationView(admin)).toMatchObject({ source: "env", hint: "https://hooks.example.com/…AAAA", envSet: true });

    const view = await saveAlertDestination(admin, { url: ` ${STORED} ` });
    expect(view).toEqual({ source: "settings", hint: "https://hooks.slack.com/…9876", envSet: true, canStore: true, problem: null });
    expect(await globalAlertWebhook(admin)).toEqual({ url: STORED, source: "settings" });
    const rows = await t.handle.db.select().from(integrationSettings).where(eq(integrationSettings.integration, "alerts"));
    expect(rows[0]?.encryptedSecret).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain("stored-secret");

    // Every sender uses it: a budget without a webhook of its own fires to the stored URL.
    await createBudget(admin, { name: "Ops", amount_usd: "10", period: "day" }, NOW);
    await ingestEvents(systemContext(t.handle.db), [makeEvent({ id: "d1", timestamp: "2026-11-22T10:00:00Z", cost_usd: "6" })], NOW);
    await evaluateBudgets(systemContext(t.handle.db), NOW);
    expect(await t.handle.db.select({ webhookUrl: alerts.webhookUrl }).from(alerts)).toEqual([{ webhookUrl: STORED }]);

    expect(await removeAlertDestination(admin)).toMatchObject({ source: "env", hint: "https://hooks.example.com/…AAAA" });
    expect(await globalAlertWebhook(admin)).toEqual({ url: ENV_URL, source: "env" });
    await ingestEvents(systemContext(t.handle.db), [makeEvent({ id: "d2", timestamp: "2026-11-22T10:30:00Z", cost_usd: "3" })], NOW);
    await evaluateBudgets(systemContext(t.handle.db), NOW);
    expect((await t.handle.db.select({ webhookUrl: alerts.webhookUrl }).from(alerts)).map((a) => a.webhookUrl).sort()).toEqual([
      ENV_URL,
      STORED,
    ]);

    const audit = await t.handle.db
      .select({ action: auditLog.action, target: auditLog.target, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "integration.changed"))
      .orderBy(auditLog.id);
    expect(audit).toEqual([
      { action: "integration.changed", target: "alerts", details: { saved: "webhook URL" } },
      { action: "integration.changed", target: "alerts", details: { removed: "webhook URL" } },
    ]);
    expect(JSON.stringify(await t.handle.db.select().from(auditLog))).not.toContain("hooks.slack.com");
  });

  it("refuses a URL the outbound guard would refuse, and anyone but an admin", async () => {
    const admin = as(t.handle.db, "admin");
    for (const [url, reason] of [
      ["http://localhost:5471/hook", "localhost is a loopback address"],
      ["http://169.254.169.254/latest", "169.254.169.254 is a cloud metadata address"],
      ["http://10.0.0.7/hook", "10.0.0.7 is a private address"],
    ] as const) {
      await expect(saveAlertDestination(admin, { url })).rejects.toMatchObject({
        code: "invalid_webhook_url",
        message: expect.stringContaining(reason),
      });
    }
    await expect(saveAlertDestination(admin, { url: "ftp://hooks.example.com/x" })).rejects.toMatchObject({ name: "ZodError" });
    for (const role of ["finance", "member"] as const) {
      await expect(saveAlertDestination(as(t.handle.db, role), { url: STORED })).rejects.toMatchObject({ code: "forbidden" });
      await expect(sendTestAlert(as(t.handle.db, role))).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await t.handle.db.select().from(integrationSettings)).toEqual([]);
  });

  it("the test message goes to the stored URL as Slack-compatible JSON, and the answer says how it went", async () => {
    const admin = as(t.handle.db, "admin");
    const up = await startWebhookReceiver();
    const down = await startWebhookReceiver({ failFirst: 1 });
    receivers.push(up, down);

    await saveAlertDestination(admin, { url: up.url });
    expect(await sendTestAlert(admin)).toEqual({ delivered: true, status: 200, message: "Delivered: the webhook answered HTTP 200." });
    expect(up.posts).toHaveLength(1);
    expect(up.posts[0]).toMatchObject({
      kind: "test",
      text: expect.stringContaining(TEST_MESSAGE),
      blocks: [{ type: "section", text: { type: "mrkdwn", text: TEST_MESSAGE } }, { type: "actions" }],
    });

    await saveAlertDestination(admin, { url: down.url });
    expect(await sendTestAlert(admin)).toEqual({ delivered: false, status: 500, message: "Not delivered: the webhook answered HTTP 500." });

    const closedPort = new URL(down.url);
    await down.close();
    receivers.splice(receivers.indexOf(down), 1);
    await saveAlertDestination(admin, { url: closedPort.href });
    expect(await sendTestAlert(admin)).toMatchObject({
      delivered: false,
      status: null,
      message: expect.stringMatching(/^Unreachable: /),
    });
    // Each press is audited with its outcome, the URL itself never.
    const audit = await t.handle.db
      .select({ action: auditLog.action, actor: auditLog.actorLabel, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "alert.test_sent"))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.details)).toEqual([
      { source: "settings", delivered: true, status: 200 },
      { source: "settings", delivered: false, status: 500 },
      { source: "settings", delivered: false, status: null },
    ]);
    expect(JSON.stringify(audit)).not.toContain(closedPort.host);
  });
});
