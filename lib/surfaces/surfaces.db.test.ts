import { expect, it } from "vitest";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPlan } from "@/lib/plans/manage-plans";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { getSurfaces } from "./queries";

const NOW = new Date("2026-11-22T12:00:00Z");
const finance = (db: Ctx["db"]): Ctx => ({
  db,
  actor: { kind: "user", userId: "u-f", email: "f@example.com", name: null, role: "finance" },
});
const at = (day: number, h: number, m: number, s = 0) => new Date(Date.UTC(2026, 9, day, h, m, s));
// October 2026's weekdays in its first two full weeks (1 October is a Thursday).
const WORKDAYS = [5, 6, 7, 8, 9, 12, 13, 14, 15, 16];

/** A nightly job: every night at 02:00 UTC, 30 back-to-back calls of the same size, run by a bot account. */
function nightlyJob(surface: "plan" | "api"): Record<string, unknown>[] {
  return Array.from({ length: 10 }, (_, n) =>
    Array.from({ length: 30 }, (_, i) =>
      makeEvent({
        id: `night-${surface}-${n}-${i}`,
        timestamp: new Date(at(3 + n, 2, 0).getTime() + i * 1500).toISOString(),
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        surface,
        plan: surface === "plan" ? "Claude Team" : undefined,
        user: "etl-bot",
        tool: "Claude Code",
        repo: "acme/reports",
        input_tokens: 5000 + (i % 3) * 10,
        output_tokens: 400,
        cost_usd: "0.05",
      }),
    ),
  ).flat();
}

/** A person at work: a few spells a day at irregular times, quick agent calls with think-time pauses between. */
function engineer(id: string, opts: { user: string; surface: "plan" | "api"; repo: string; cost: string }): Record<string, unknown>[] {
  const spells = [
    [9, 13],
    [11, 41],
    [15, 7],
    [10, 2],
    [14, 55],
    [16, 30],
  ];
  const gaps = [3, 4, 95, 2, 240, 6];
  const events: Record<string, unknown>[] = [];
  for (const [d, day] of WORKDAYS.entries()) {
    for (const [h, m] of spells.slice(d % 3, (d % 3) + 2 + (d % 2))) {
      let t = at(day, h as number, m as number).getTime();
      for (const [i, gap] of gaps.entries()) {
        t += gap * 1000;
        events.push(
          makeEvent({
            id: `${id}-${day}-${h}-${i}`,
            timestamp: new Date(t).toISOString(),
            provider: "anthropic",
            model: "claude-sonnet-4-5",
            surface: opts.surface,
            plan: opts.surface === "plan" ? "Claude Team" : undefined,
            user: opts.user,
            tool: "Claude Code",
            repo: opts.repo,
            session: `${id}-${day}-${h}`,
            input_tokens: 2000 + ((i * 7919 + day * 104729) % 40000),
            output_tokens: 300,
            cost_usd: opts.cost,
          }),
        );
      }
    }
  }
  return events;
}

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
      ...nightlyJob("plan"),
      ...engineer("ana", { user: "ana@example.com", surface: "plan", repo: "acme/web", cost: "0.02" }),
      ...engineer("bob", { user: "bob@example.com", surface: "api", repo: "acme/api", cost: "2.5" }),
    ];
    for (let i = 0; i < events.length; i += 500) await ingestEvents(t.handle.db, events.slice(i, i + 500), NOW);

    const s = await getSurfaces(systemContext(t.handle.db), "2026-10", NOW);
    expect(s.through).toBe("2026-10-31");
    const row = (project: string) => {
      const r = s.rows.find((x) => x.project === project);
      if (!r) throw new Error(`no workload ${project}`);
      return r;
    };

    const nightly = row("acme/reports");
    expect(nightly).toMatchObject({ surface: "plan", kind: "unattended", verdict: "move_to_api", requests: 300, bursts: 10 });
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

  it("a nightly job already on the API stays there; a plan no one configured is reported, not silently free", async () => {
    await ingestEvents(t.handle.db, nightlyJob("api"), NOW);
    await ingestEvents(
      t.handle.db,
      [makeEvent({ id: "x", timestamp: "2026-10-20T10:00:00Z", surface: "plan", plan: "Cursor Pro", cost_usd: "1.5" })],
      NOW,
    );
    const s = await getSurfaces(systemContext(t.handle.db), "2026-10", NOW);
    expect(s.rows.find((r) => r.project === "acme/reports")).toMatchObject({ kind: "unattended", verdict: "keep" });
    expect(s.unknownPlans).toEqual([{ plan: "Cursor Pro", requests: 1, valueUsd: "1.5000000000" }]);
    expect(s.plans).toEqual([]);
  });
});
