import { expect, it } from "vitest";
import { foldAggregates } from "@/lib/aggregates/fold";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPlan } from "@/lib/plans/manage-plans";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { bulkByHand, nightlyJob, personAtWork } from "@/scripts/test/workloads";
import { getSurfaces } from "./queries";

const NOW = new Date("2026-11-22T12:00:00Z");
const finance = (db: Ctx["db"]): Ctx => ({
  db,
  actor: { kind: "user", userId: "u-f", email: "f@example.com", name: null, role: "finance" },
});
describeEachDatabase("surfaces", (t) => {
  it("classifies constructed workloads: a nightly job on a plan, an engineer's coding on a plan, heavy interactive API use", async () => {
    await createPlan(finance(t.handle.db), {
      name: "Claude Team",
      vendor: "anthropic",
      tool: "Claude Code",
      seats: 3,
      fee_per_seat_usd: "30",
      start_date: "2026-01-01",
      included_requests_per_seat: "1000",
    });
    const events = [
      ...nightlyJob({
        month: "2026-10",
        id: "night",
        surface: "plan",
        plan: "Claude Team",
        user: "etl-bot",
        repo: "acme/reports",
        cost: "0.05",
      }),
      ...personAtWork({
        month: "2026-10",
        id: "ana",
        surface: "plan",
        plan: "Claude Team",
        user: "ana@example.com",
        repo: "acme/web",
        cost: "0.02",
      }),
      ...personAtWork({ month: "2026-10", id: "bob", surface: "api", user: "bob@example.com", repo: "acme/api", cost: "2.5" }),
    ];
    for (let i = 0; i < events.length; i += 500) await ingestEvents(systemContext(t.handle.db), events.slice(i, i + 500), NOW);

    await foldAggregates(t.handle.db);
    const s = await getSurfaces(systemContext(t.handle.db), "2026-10", NOW);
    expect(s.through).toBe("2026-10-31");
    const row = (project: string) => {
      const r = s.rows.find((x) => x.project === project);
      if (!r) throw new Error(`no workload ${project}`);
      return r;
    };

    const nightly = row("acme/reports");
    expect(nightly).toMatchObject({ surface: "plan", kind: "automated", verdict: "move_to_api", requests: 300, bursts: 10 });
    expect(nightly.reasons.join("\n")).toMatch(/outside working hours/);
    expect(nightly.reasons.join("\n")).toMatch(/regular intervals \(every 24 h 00 min/);
    expect(nightly.reasons.join("\n")).toMatch(/service account \(etl-bot\)/);
    expect(nightly.reasons.join("\n")).toMatch(/large uniform batches: 30 calls per run/);

    const ana = row("acme/web");
    expect(ana).toMatchObject({ surface: "plan", kind: "interactive", verdict: "keep" });
    expect(ana.reasons.join("\n")).toMatch(/human think-time/);
    expect(ana.reasons.join("\n")).toMatch(/one person: ana@example.com/);

    const bob = row("acme/api");
    expect(bob).toMatchObject({ surface: "api", kind: "interactive", verdict: "move_to_plan" });
    expect(bob.reasons[0]).toMatch(/more than a Claude Team seat \(\$30\.00 for the same days\)/);

    // The plan: 3 × $30, its usage valued at list cost, shared between the two workloads that used it.
    const [team] = s.plans;
    expect(team).toMatchObject({
      name: "Claude Team",
      monthFeeUsd: "90.0000000000",
      feeSoFarUsd: "90.0000000000",
      seatsUsed: 2,
      includedRequests: 3000,
    });
    expect(team?.valueUsd).toBe((300 * 0.05 + ana.requests * 0.02).toFixed(10));
    expect(Number(nightly.planFeeShareUsd) + Number(ana.planFeeShareUsd)).toBeCloseTo(90, 8);
    // Ana's seat is worth less on the API than its $30: it costs more as a plan. The bot's $15 too.
    expect(team?.seatUsage.map((u) => [u.user, u.underused])).toEqual([
      ["etl-bot", true],
      ["ana@example.com", true],
    ]);
    expect(s.heavyApiUsers).toEqual([
      { user: "bob@example.com", provider: "anthropic", costUsd: bob.costUsd, plan: "Claude Team", seatFeeSoFarUsd: "30.0000000000" },
    ]);
    expect(s.unknownPlans).toEqual([]);
  });

  it("bulk summarising by hand in a chat plan is software-shaped work: move it to the API", async () => {
    const events = bulkByHand({
      month: "2026-10",
      id: "bulk",
      surface: "plan",
      plan: "ChatGPT Business",
      user: "analyst@example.com",
      feature: "summarize",
      cost: "0.03",
    });
    for (let i = 0; i < events.length; i += 1000) await ingestEvents(systemContext(t.handle.db), events.slice(i, i + 1000), NOW);
    await foldAggregates(t.handle.db);
    const [bulk] = (await getSurfaces(systemContext(t.handle.db), "2026-10", NOW)).rows;
    expect(bulk).toMatchObject({ project: "summarize", surface: "plan", kind: "automated", verdict: "move_to_api" });
    // A person at their desk (working hours, one person) — but at a machine's pace, hundreds of alike calls a run.
    expect(bulk?.reasons).toEqual([
      expect.stringMatching(/^Software-shaped work on a paid plan/),
      expect.stringMatching(/^machine-regular pace/),
      "large uniform batches: 200 calls per run, input sizes within ±1%",
    ]);
  });

  it("a product feature serving customers stays on the API, however human its traffic looks", async () => {
    const events = personAtWork({
      month: "2026-10",
      id: "prod",
      surface: "api",
      user: "cs-agent@example.com",
      repo: "acme/support",
      cost: "2.5",
      customer: "globex",
    });
    await ingestEvents(systemContext(t.handle.db), events, NOW);
    await foldAggregates(t.handle.db);
    const [row] = (await getSurfaces(systemContext(t.handle.db), "2026-10", NOW)).rows;
    expect(row).toMatchObject({ kind: "automated", verdict: "keep" });
    expect(row?.reasons.slice(0, 2)).toEqual([
      "Software on the metered API: its cost scales with the work.",
      "a product feature: 100% of calls serve customers (they carry a customer)",
    ]);
  });

  it("a nightly job already on the API stays there; a plan no one configured is reported, not silently free", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      nightlyJob({ month: "2026-10", id: "night", surface: "api", user: "etl-bot", repo: "acme/reports", cost: "0.05" }),
      NOW,
    );
    await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: "x", timestamp: "2026-10-20T10:00:00Z", surface: "plan", plan: "Cursor Pro", cost_usd: "1.5" })],
      NOW,
    );
    await foldAggregates(t.handle.db);
    const s = await getSurfaces(systemContext(t.handle.db), "2026-10", NOW);
    expect(s.rows.find((r) => r.project === "acme/reports")).toMatchObject({ kind: "automated", verdict: "keep" });
    expect(s.unknownPlans).toEqual([{ plan: "Cursor Pro", requests: 1, valueUsd: "1.5000000000" }]);
    expect(s.plans).toEqual([]);
  });
});
