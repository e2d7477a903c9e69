import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { queryRows } from "@/db";
import { alerts } from "@/db/schema";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { createBudget } from "@/lib/budgets/create-budget";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { deliverPendingAlerts } from "./deliver-alerts";
import { detectAnomalies } from "./detect-anomalies";
import { detectRunawaySessions } from "./detect-runaway";
import { runAlertEvaluation } from "./evaluate";
import { evaluateBudgets } from "./evaluate-budgets";
import { listAlerts } from "./queries";

const NOW = new Date("2026-11-22T12:00:00Z");
const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});

describeEachDatabase("alerts", (t) => {
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });
  let n = 0;
  async function ingest(events: Record<string, unknown>[], now = NOW) {
    for (let i = 0; i < events.length; i += 500) {
      const r = await ingestEvents(
        systemContext(t.handle.db),
        events.slice(i, i + 500).map((e) => makeEvent({ id: `e${n++}`, ...e })),
        now,
      );
      expect(r.accepted).toBe(Math.min(500, events.length - i));
    }
  }
  /** `count` events on `day` (YYYY-MM-DD), spread over its first hours. */
  const calls = (day: string, count: number, fields: Record<string, unknown>) =>
    Array.from({ length: count }, (_, i) => ({ timestamp: `${day}T0${i % 10}:${String(i % 60).padStart(2, "0")}:00Z`, ...fields }));
  const lastWeek = Array.from({ length: 7 }, (_, i) => new Date(NOW.getTime() - (i + 1) * 86_400_000).toISOString().slice(0, 10));

  it("anomalies on seeded patterns: a spike with a new model, a retry storm; no false alarm on a quiet, steady series", async () => {
    for (const day of lastWeek) {
      await ingest([
        ...calls(day, 10, { team: "steady", cost_usd: "2" }),
        ...calls(day, 10, { team: "spiky", cost_usd: "0.5" }),
        ...calls(day, 10, { team: "flaky", cost_usd: "0.5", feature: "search" }),
      ]);
    }
    await ingest([
      ...calls("2026-11-22", 11, { team: "steady", cost_usd: "2" }), // $22: a normal day
      ...calls("2026-11-22", 100, { team: "spiky", model: "o3", cost_usd: "1" }), // $100, all on a model never used before
      ...calls("2026-11-22", 60, { team: "flaky", feature: "search", cost_usd: "0.5" }),
      ...calls("2026-11-22", 150, { team: "flaky", feature: "search", cost_usd: "0.5", status: "error" }), // $105, mostly failures
    ]);
    const runs = await Promise.all([1, 2, 3].map(() => detectAnomalies(systemContext(t.handle.db), NOW)));
    expect(runs.flat()).toHaveLength(5);
    const rows = await t.handle.db.select({ subject: alerts.subject, details: alerts.details, message: alerts.message }).from(alerts);
    const bySubject = Object.fromEntries(rows.map((r) => [r.subject, r]));
    expect(Object.keys(bySubject).sort()).toEqual(["feature=search", "model=gpt-4.1-mini", "model=o3", "team=flaky", "team=spiky"]);
    const cause = (s: string) => ((bySubject[s]?.details.causes ?? []) as { code: string }[])[0]?.code;
    expect(cause("team=spiky")).toBe("new_model");
    expect(cause("model=o3")).toBe("new_model");
    expect(cause("team=flaky")).toBe("retry_storm");
    // The model both flaky and steady use spiked too ($127 against $30 a day), for the same reason.
    expect(cause("model=gpt-4.1-mini")).toBe("retry_storm");
    expect(bySubject["team=spiky"]?.details).toMatchObject({ spend: "100.0000000000", mean_usd: "5.0000000000", ratio: 20 });
    expect(bySubject["team=flaky"]?.message).toMatch(
      /^Anomaly: team "flaky" spent \$105 today, 21× the 7-day mean of \$5\.00\. Likely cause: retry storm/,
    );
  });

  it("no baseline yet (a new install): nothing is an anomaly, however large today is", async () => {
    await ingest(calls("2026-11-22", 50, { team: "new", cost_usd: "10" }));
    expect(await detectAnomalies(systemContext(t.handle.db), NOW)).toEqual([]);
  });

  it("a runaway session: spend in the last hour over the threshold, one alert per session and day", async () => {
    await ingest([
      ...Array.from({ length: 25 }, (_, i) => ({
        timestamp: `2026-11-22T11:${String(10 + i).padStart(2, "0")}:00Z`,
        session: "loop",
        cost_usd: "1",
      })),
      // $30 too, but over three hours: never $20 within one.
      ...Array.from({ length: 30 }, (_, i) => ({
        timestamp: `2026-11-22T${String(7 + Math.floor(i / 10)).padStart(2, "0")}:${String((i * 5) % 60).padStart(2, "0")}:30Z`,
        session: "slow",
        cost_usd: "1",
      })),
    ]);
    expect(await detectRunawaySessions(systemContext(t.handle.db), NOW)).toHaveLength(1);
    expect(await detectRunawaySessions(systemContext(t.handle.db), new Date("2026-11-22T12:05:00Z"))).toHaveLength(0);
    const [a] = await listAlerts(as(t.handle.db, "member"), { since: new Date(0) });
    expect(a).toMatchObject({ kind: "runaway", subject: "loop", periodStart: "2026-11-22" });
    expect(a?.message).toContain("$25.00 in the last hour");
  });

  it("a receiver that fails first: the delivery is retried after a backoff, then marked delivered", async () => {
    const receiver = await startWebhookReceiver({ failFirst: 1 });
    receivers.push(receiver);
    await createBudget(
      as(t.handle.db, "admin"),
      { name: "Ops", amount_usd: "10", period: "day", thresholds: [50], webhook_url: receiver.url },
      NOW,
    );
    await ingest([{ timestamp: "2026-11-22T10:00:00Z", cost_usd: "6" }]);
    await evaluateBudgets(systemContext(t.handle.db), NOW);

    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 0, failed: 1 });
    const [after1] = await queryRows<{ attempts: number; last_error: string; backoff: number }>(
      t.handle.db,
      sql`select attempts, last_error, extract(epoch from next_attempt_at - last_attempt_at)::int as backoff from alerts`,
    );
    expect(after1).toEqual({ attempts: 1, last_error: "HTTP 500", backoff: 30 });
    expect((await listAlerts(as(t.handle.db, "member"), { since: new Date(0), delivery: "retrying" })).length).toBe(1);
    // Not due yet: nothing is sent.
    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 0, failed: 0 });

    await t.handle.db.execute(sql`update alerts set next_attempt_at = now() - interval '1 second'`); // the backoff has passed
    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 1, failed: 0 });
    expect(await deliverPendingAlerts(systemContext(t.handle.db))).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.statuses).toEqual([500, 200]);
    expect(receiver.posts[0]).toEqual(receiver.posts[1]);
    expect(receiver.posts[1]).toMatchObject({
      kind: "budget",
      budget: "Ops",
      threshold: 50,
      percent: 60,
      spend: "6.0000000000",
      period: { kind: "day", start: "2026-11-22", end: "2026-11-22" },
    });
    expect(String(receiver.posts[1]?.text)).toContain('Budget "Ops" reached 50 %');
    const [delivered] = await listAlerts(as(t.handle.db, "member"), { since: new Date(0), delivery: "delivered" });
    expect(delivered?.attempts).toBe(2);
  });

  it("one evaluator run fires and delivers; the next run finds nothing new", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    await createBudget(as(t.handle.db, "finance"), { name: "Run", amount_usd: "4", period: "week", webhook_url: receiver.url }, NOW);
    await ingest([{ timestamp: "2026-11-17T10:00:00Z", cost_usd: "3.5" }]);
    expect(await runAlertEvaluation(systemContext(t.handle.db), NOW)).toEqual({
      budgetAlerts: 2,
      anomalies: 0,
      runaway: 0,
      quotaAlerts: 0,
      delivery: { delivered: 2, failed: 0 },
    });
    expect(await runAlertEvaluation(systemContext(t.handle.db), NOW)).toEqual({
      budgetAlerts: 0,
      anomalies: 0,
      runaway: 0,
      quotaAlerts: 0,
      delivery: { delivered: 0, failed: 0 },
    });
    expect(receiver.posts.map((p) => p.threshold).sort()).toEqual([50, 80]);
    expect(String(receiver.posts[0]?.text)).toContain("in the week of 2026-11-16");
  });

  it("concurrent deliverers POST every alert exactly once", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    for (const name of ["A", "B"]) {
      await createBudget(
        as(t.handle.db, "finance"),
        { name, amount_usd: "1", period: "month", thresholds: [10, 20, 30, 40, 50], webhook_url: receiver.url },
        NOW,
      );
    }
    await createBudget(as(t.handle.db, "finance"), { name: "Silent", amount_usd: "1", period: "month", thresholds: [10] }, NOW);
    await ingest([{ timestamp: "2026-11-22T10:00:00Z", cost_usd: "1" }]);
    await Promise.all([1, 2, 3].map(() => evaluateBudgets(systemContext(t.handle.db), NOW)));
    const reports = await Promise.all([1, 2, 3, 4, 5].map(() => deliverPendingAlerts(systemContext(t.handle.db))));
    expect(reports.reduce((s, r) => s + r.delivered, 0)).toBe(10);
    expect(receiver.posts).toHaveLength(10);
    expect(new Set(receiver.posts.map((p) => p.alert_id)).size).toBe(10);
    expect(await listAlerts(as(t.handle.db, "member"), { since: new Date(0), delivery: "no_webhook" })).toMatchObject([
      { subject: "Silent" },
    ]);
  });
});
