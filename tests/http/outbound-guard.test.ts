import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgets } from "@/db/schema";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { type Backend, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

// The guard does not depend on the database: one backend is enough.
const kind = testBackends()[0] ?? "pglite";

describe(`outbound guard over HTTP [${kind}]`, () => {
  let b: Backend;
  /** Reached through an allow-listed address (127.0.0.1:<its port>): stands for a public host. */
  let relay: WebhookReceiver;
  /** Listening too, but not allow-listed: nothing may reach it. */
  let internal: WebhookReceiver;
  let legacyBudgetId = "";

  beforeAll(async () => {
    relay = await startWebhookReceiver();
    internal = await startWebhookReceiver();
    const env = {
      BURNRATE_EVAL_INTERVAL_SECONDS: "1",
      BURNRATE_ALERT_RETRY_BASE_SECONDS: "1",
      BURNRATE_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${new URL(relay.url).port}`,
    };
    b = await startBackend(kind, env, async (db) => {
      // Saved before the guard (or by hand): the name passes no save check today, and resolves to loopback at send.
      const [row] = await db
        .insert(budgets)
        .values({
          name: "Legacy",
          amountUsd: "10",
          period: "day",
          filters: { team: "guard-legacy" },
          thresholds: [50],
          webhookUrl: `http://localhost:${new URL(internal.url).port}/hook`,
          createdBy: "test",
        })
        .returning({ id: budgets.id });
      legacyBudgetId = row?.id ?? "";
    });
  });
  afterAll(async () => {
    await b?.close();
    await relay?.close();
    await internal?.close();
  });

  const call = (method: string, path: string, key: string, body?: unknown) =>
    fetch(`${b.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  let n = 0;
  const spend = async (team: string, cost: string) => {
    const res = await call("POST", "/api/v1/events", b.keys.ingest, {
      events: [makeEvent({ id: `guard-${n++}`, timestamp: new Date(Date.now() - 60_000).toISOString(), cost_usd: cost, team })],
    });
    expect(await res.json()).toMatchObject({ accepted: 1 });
  };
  type ApiAlert = { budget_id?: string; delivered: boolean; delivery: { state: string; attempts: number; last_error: string | null } };
  const alertOf = async (budgetId: string, key: string): Promise<ApiAlert | undefined> => {
    const res = await call("GET", "/api/v1/alerts?since=2026-01-01T00:00:00Z", key);
    expect(res.status).toBe(200);
    return ((await res.json()).alerts as ApiAlert[]).find((a) => a.budget_id === budgetId);
  };
  /** Polls until the alert's delivery has settled (the evaluator runs every second); bounded by the test timeout. */
  const settled = async (budgetId: string): Promise<ApiAlert> => {
    for (;;) {
      const a = await alertOf(budgetId, b.keys.admin);
      if (a && (a.delivery.state === "delivered" || a.delivery.state === "failed")) return a;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it("refuses a loopback, private or metadata webhook_url when saving: 400 invalid_webhook_url naming the reason", async () => {
    for (const [url, reason] of [
      [`http://127.0.0.1:${new URL(internal.url).port}/hook`, "127.0.0.1 is a loopback address"],
      ["http://[::ffff:127.0.0.1]:5471/", "loopback address"],
      ["http://169.254.169.254/latest/meta-data/", "cloud metadata address"],
      ["http://10.0.0.7:8080/", "private address"],
    ]) {
      const res = await call("POST", "/api/v1/budgets", b.keys.admin, { name: "Probe", amount_usd: "10", period: "day", webhook_url: url });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_webhook_url");
      expect(body.error.message).toContain(reason);
    }
    expect(internal.posts).toHaveLength(0);
  });

  it("a public host (an allow-listed address here) receives the alert exactly once, its text escaped for Slack", async () => {
    const res = await call("POST", "/api/v1/budgets", b.keys.admin, {
      name: "Relay <!channel>",
      amount_usd: "10",
      period: "day",
      filters: { team: "guard-relay" },
      thresholds: [50],
      webhook_url: relay.url,
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    await spend("guard-relay", "6");
    expect(await settled(id)).toMatchObject({ delivered: true, delivery: { state: "delivered", attempts: 1 } });
    const ours = relay.posts.filter((p) => p.budget_id === id);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.budget).toBe("Relay <!channel>"); // structured fields: plain data
    expect(String(ours[0]?.text)).toMatch(/^Budget "Relay &lt;!channel&gt;" reached 50 %/);
    expect(String(ours[0]?.text)).not.toContain("<!channel>");
  });

  it("refuses at send a saved webhook whose host resolves to loopback; only admins see why", async () => {
    await spend("guard-legacy", "6");
    const admin = await settled(legacyBudgetId);
    expect(admin).toMatchObject({ delivered: false, delivery: { state: "failed", attempts: 1 } });
    expect(admin.delivery.last_error).toBe("refused: localhost is a loopback address");
    expect(internal.posts).toHaveLength(0);

    const read = await alertOf(legacyBudgetId, b.keys.read);
    expect(read?.delivery).toEqual({ state: "failed", attempts: 1, last_error: "delivery failed" });

    const page = async (email: string) => {
      const { cookie } = await signInOverHttp(b.server.url, email, MEMBER_PASSWORD);
      return (await fetch(`${b.server.url}/alerts`, { headers: { cookie } })).text();
    };
    const memberHtml = await page(ROLE_EMAILS.member);
    expect(memberHtml).toContain("delivery failed");
    expect(memberHtml).not.toContain("loopback");
    expect(await page(ROLE_EMAILS.admin)).toContain("refused: localhost is a loopback address");
  });
});
