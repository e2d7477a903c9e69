import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPlan } from "@/lib/plans/manage-plans";
import { getMonthSessionStats, getSession } from "@/lib/sessions/queries";
import { listSpend } from "@/lib/spend/list-spend";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { getOverview, getOverviewSessions } from "./get-overview";

// Sunday 22 November 2026, noon UTC.
const NOW = new Date("2026-11-22T12:00:00Z");

describeEachDatabase("Overview and sessions against known data", (t) => {
  const ctx = () => systemContext(t.handle.db);
  async function load(events: Record<string, unknown>[]) {
    const r = await ingestEvents(systemContext(t.handle.db), events, NOW);
    expect(r.rejected).toEqual([]);
  }

  it("periods compare with the same elapsed span before; the chart, averages and untagged spend are exact", async () => {
    await load([
      makeEvent({ timestamp: "2026-11-22T09:00:00Z", provider: "openai", cost_usd: "1.50", session: "s-big" }),
      makeEvent({ timestamp: "2026-11-22T00:00:00Z", provider: "anthropic", model: "claude-sonnet-4-5", cost_usd: "0.25", team: null }),
      makeEvent({ timestamp: "2026-11-21T23:59:59.999Z", provider: "openai", cost_usd: "1.00", session: "s-big" }),
      makeEvent({ timestamp: "2026-11-16T08:00:00Z", cost_usd: "2.00", session: "s-small" }), // Monday: this week
      makeEvent({ timestamp: "2026-11-15T08:00:00Z", cost_usd: "0.40" }), // last week's Sunday
      makeEvent({ timestamp: "2026-11-09T08:00:00Z", cost_usd: "3.00" }), // last week's Monday
      makeEvent({ timestamp: "2026-11-01T00:00:00Z", cost_usd: "0.10", team: null }),
      makeEvent({ timestamp: "2026-10-22T23:00:00Z", cost_usd: "5.00" }), // within last month's same span
      makeEvent({ timestamp: "2026-10-23T00:00:00Z", cost_usd: "7.00" }), // after it
      // A plan call: no metered cost, list cost only.
      makeEvent({ timestamp: "2026-11-20T10:00:00Z", surface: "plan", plan: "Claude Team", cost_usd: "4", session: "s-plan" }),
    ]);
    // 2 seats × $30 from 1 November: 22 of November's 30 days so far.
    await createPlan(ctx(), { name: "Claude Team", vendor: "anthropic", seats: 2, fee_per_seat_usd: "30", start_date: "2026-11-01" });
    const o = await getOverview(ctx(), NOW, { measure: "cost" });
    expect(o.month.plan_fees_usd).toBe("44.0000000000");
    expect(o.monthPlanFeesUsd).toBe("60.0000000000");
    expect(o.paidUsd).toBe("52.2500000000");
    expect(o.planUsageListUsd).toBe("4.0000000000");
    const byKey = Object.fromEntries(o.periods.map((p) => [p.key, p]));
    expect(byKey.today).toMatchObject({ amount_usd: "1.7500000000", previous_amount_usd: "1.0000000000", change_percent: "75.0" });
    // Week: Mon 16 – Sun 22 vs Mon 9 – Sun 15.
    expect(byKey.week).toMatchObject({ amount_usd: "4.7500000000", previous_amount_usd: "3.4000000000", change_percent: "39.7" });
    // Month: 1–22 Nov vs 1–22 Oct (the 23 Oct call is outside the span).
    expect(byKey.month).toMatchObject({ amount_usd: "8.2500000000", previous_amount_usd: "5.0000000000", change_percent: "65.0" });
    expect(o.month.cost_usd).toBe(
      (await listSpend(ctx(), { from: "2026-11-01", to: "2026-11-22", groupBy: [], interval: "none", filters: {} })).totals.cost_usd,
    );

    expect(o.daily).toHaveLength(30);
    const today = o.daily.at(-1);
    expect(today).toMatchObject({
      date: "2026-11-22",
      total_usd: "1.7500000000",
      by_provider: { openai: "1.5000000000", anthropic: "0.2500000000" },
    });
    // 7 days ending today: 16 (2.00) + 20 (0) + 21 (1.00) + 22 (1.75) = 4.75 / 7.
    expect(today?.rolling7_usd).toBe("0.6785714286");
    expect(o.daily[0]?.date).toBe("2026-10-24");
    expect(o.providers).toEqual(["openai", "anthropic"]);

    // makeEvent sets a team but no feature: every call this month lacks a feature.
    expect(o.untagged).toEqual({
      team: { amount_usd: "0.3500000000", requests: 2 },
      feature: { amount_usd: "8.2500000000", requests: 8 },
      // makeEvent's user has no person: the whole month.
      person: { amount_usd: o.month.cost_usd, requests: o.month.requests },
    });
    expect(o.costPerRequestUsd).toBe("1.0312500000"); // 8.25 / 8 requests this month (the plan call included)

    // The default measure, effective: the month so far is exactly what is paid, and the plan call carries the 20th's
    // fee ($2); the 21 other days' fees are an unused line of the plan's vendor.
    const e = await getOverview(ctx(), NOW);
    expect(e.measure).toBe("effective");
    expect(Object.fromEntries(e.periods.map((p) => [p.key, p.amount_usd])).month).toBe(e.paidUsd);
    // (The call's provider is makeEvent's openai; the plan's vendor, anthropic, holds the unused days.)
    expect(e.daily.find((d) => d.date === "2026-11-20")?.by_provider).toEqual({ openai: "2.0000000000" });
    expect(e.daily.find((d) => d.date === "2026-11-19")?.by_provider).toEqual({ anthropic: "2.0000000000" });
    expect(e.byModel.filter((r) => r.unused_plan_fee).map((r) => [r.provider, r.effective_cost_usd])).toEqual([
      ["anthropic", "42.0000000000"],
    ]);
    // Sessions this month: s-big (2.50), s-small (2.00), s-plan (0 metered) → 4.50 / 3.
    const sessions = await getOverviewSessions(ctx(), NOW);
    expect(sessions.costPerSessionUsd).toBe("1.5000000000");
    expect(sessions.top.map((s) => [s.session, s.cost_usd, s.requests])).toEqual([
      ["s-big", "2.5000000000", 2],
      ["s-small", "2.0000000000", 1],
      ["s-plan", "0.0000000000", 1],
    ]);
  });

  it("a session's calls come in time order with exact running totals; unknown sessions are null", async () => {
    const costs = ["0.10", "0.20", "0.30", "0.0000000001"];
    await load(
      costs.map((cost, i) =>
        makeEvent({
          id: `call-${i}`,
          session: "run-1",
          timestamp: `2026-11-21T10:0${3 - i}:00Z`,
          cost_usd: cost,
          status: i === 1 ? "error" : "ok",
        }),
      ),
    );
    await load([makeEvent({ session: "other", cost_usd: "9" })]);
    const s = await getSession(ctx(), "run-1");
    expect(s?.summary).toMatchObject({
      requests: 4,
      errors: 1,
      cost_usd: "0.6000000001",
      started_at: "2026-11-21T10:00:00.000Z",
      ended_at: "2026-11-21T10:03:00.000Z",
    });
    // Inserted newest first; shown oldest first.
    expect(s?.calls.map((c) => [c.id, c.cost_usd, c.cumulative_cost_usd])).toEqual([
      ["call-3", "0.0000000001", "0.0000000001"],
      ["call-2", "0.3000000000", "0.3000000001"],
      ["call-1", "0.2000000000", "0.5000000001"],
      ["call-0", "0.1000000000", "0.6000000001"],
    ]);
    expect(await getSession(ctx(), "nope")).toBeNull();
    expect(await getSession(ctx(), "")).toBeNull();
    const stats = await getMonthSessionStats(ctx(), "2026-11-01");
    expect(stats).toMatchObject({ sessions: 2, cost_usd: "9.6000000001" });
    expect(stats.top.map((x) => x.session)).toEqual(["other", "run-1"]);
  });

  it("a month's sessions count each session once, add late calls, skip repeats and split a session at the month's end", async () => {
    await load([
      makeEvent({ id: "a1", session: "a", timestamp: "2026-10-31T23:59:00Z", cost_usd: "1", user: "zoe" }), // October's part
      makeEvent({ id: "a2", session: "a", timestamp: "2026-11-01T00:01:00Z", cost_usd: "2", user: "zoe", repo: "acme/web" }),
      makeEvent({ id: "b1", session: "b", timestamp: "2026-11-21T10:00:00Z", cost_usd: "0.5", user: "ann" }),
      makeEvent({ id: "b2", session: "b", timestamp: "2026-11-22T10:00:00Z", cost_usd: "0.25", user: "bob", agent: "codex" }),
      makeEvent({ id: "p1", session: "p", timestamp: "2026-11-05T10:00:00Z", surface: "plan", plan: "Claude Team", cost_usd: "3" }),
      makeEvent({ id: "n1", timestamp: "2026-11-21T11:00:00Z", cost_usd: "9" }), // no session
    ]);
    const first = await getMonthSessionStats(ctx(), "2026-11-01");
    expect(first).toMatchObject({ sessions: 3, cost_usd: "2.7500000000" });
    expect(
      first.top.map((s) => [s.session, s.cost_usd, s.list_cost_usd, s.requests, s.started_at, s.ended_at, s.user, s.agent, s.repo]),
    ).toEqual([
      ["a", "2.0000000000", "2.0000000000", 1, "2026-11-01T00:01:00.000Z", "2026-11-01T00:01:00.000Z", "zoe", null, "acme/web"],
      ["b", "0.7500000000", "0.7500000000", 2, "2026-11-21T10:00:00.000Z", "2026-11-22T10:00:00.000Z", "ann", "codex", null],
      // No metered cost (a plan call): last, after the sessions that cost something.
      ["p", "0.0000000000", "3.0000000000", 1, "2026-11-05T10:00:00.000Z", "2026-11-05T10:00:00.000Z", null, null, null],
    ]);
    expect(await getMonthSessionStats(ctx(), "2026-10-01")).toMatchObject({ sessions: 1, cost_usd: "1.0000000000" });

    // A late call for an earlier day, a repeated id (first write wins) and a new session, in one batch.
    await load([
      makeEvent({ id: "b0", session: "b", timestamp: "2026-11-02T09:00:00Z", cost_usd: "5", user: "al" }),
      makeEvent({ id: "a2", session: "a", timestamp: "2026-11-01T00:01:00Z", cost_usd: "100" }),
      makeEvent({ id: "c1", session: "c", timestamp: "2026-11-22T11:00:00Z", cost_usd: "0.0000000001" }),
    ]);
    const after = await getMonthSessionStats(ctx(), "2026-11-01", 2);
    expect(after).toMatchObject({ sessions: 4, cost_usd: "7.7500000001" });
    expect(after.top.map((s) => [s.session, s.cost_usd, s.requests, s.started_at, s.user])).toEqual([
      ["b", "5.7500000000", 3, "2026-11-02T09:00:00.000Z", "al"],
      ["a", "2.0000000000", 1, "2026-11-01T00:01:00.000Z", "zoe"],
    ]);
    expect((await getOverviewSessions(ctx(), NOW)).costPerSessionUsd).toBe("1.9375000000"); // 7.7500000001 / 4
    expect(await getMonthSessionStats(ctx(), "2026-12-01")).toEqual({ sessions: 0, cost_usd: "0.0000000000", top: [] });
    await expect(getMonthSessionStats(ctx(), "2026-11-02")).rejects.toThrow(/first day of a month/);
  });
});
