import { sql } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { monthRange } from "@/lib/dates/months";
import { weekRange } from "@/lib/dates/weeks";
import { ROLLUPS } from "@/lib/dimensions/rollups";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { getCacheEconomics } from "@/lib/review/economics";
import { listReviewCandidates } from "@/lib/review/list-items";
import { listSpend } from "@/lib/spend/list-spend";
import { listWorkloadStats } from "@/lib/surfaces/workload-daily";
import { listWorkloadStatsRaw, type WorkloadStats } from "@/lib/surfaces/workload-stats";
import { foldPausedAfterSnapshot } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { foldAggregates } from "./fold";

// Calls cluster around midnights (one of them a month's end) and sit a burst gap (30 min) or a human pause (20 s)
// apart, give or take a second, so every edge of the day-by-day decomposition is crossed.
const MIDNIGHTS = ["2026-10-30T00:00:00Z", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z"].map((d) =>
  Date.parse(d),
);
const OFFSETS = [-1801, -1800, -1799, -600, -21, -20, -19, -1, 0, 1, 19, 20, 21, 600, 1799, 1800, 1801, 7200, 40_000];

const eventArb = fc.record({
  midnight: fc.constantFrom(...MIDNIGHTS),
  offset: fc.constantFrom(...OFFSETS),
  jitter: fc.constantFrom(0, 0, 0, 2, 1800),
  repo: fc.constantFrom(null, "acme/api"),
  feature: fc.constantFrom(null, "chat"),
  tool: fc.constantFrom(null, "claude-code"),
  model: fc.constantFrom("gpt-4.1", "gpt-4.1-mini"),
  plan: fc.constantFrom(null, null, "Team"),
  user: fc.constantFrom(null, "alice", "bob", "ci-bot"),
  session: fc.constantFrom(null, "s1", "s2", "s3"),
  customer: fc.constantFrom(null, "c1"),
  input: fc.constantFrom(500, 9000, 9100, 120_000),
  cacheRead: fc.constantFrom(0, 0, 100),
  cacheWrite: fc.constantFrom(0, 0, 2000),
  output: fc.constantFrom(10, 9000),
  cost: fc.constantFrom("0.01", "0.02", "0.5", "1.25"),
  error: fc.boolean(),
});

const FLOATS: (keyof WorkloadStats)[] = ["gapMean", "gapSd", "burstIntervalMean", "burstIntervalSd", "inputTokensMean", "inputTokensSd"];
const workloadKey = (w: WorkloadStats) => [w.project, w.tool, w.provider, w.model, w.surface, w.plan].join("|");

/** The two answers agree: every count and amount exactly, the means and deviations to 1e-9 (numeric vs float rounding). */
function expectSameWorkloads(stored: WorkloadStats[], raw: WorkloadStats[]) {
  const sort = (ws: WorkloadStats[]) => [...ws].sort((a, b) => workloadKey(a).localeCompare(workloadKey(b)));
  const [a, b] = [sort(stored), sort(raw)];
  expect(a.map(workloadKey)).toEqual(b.map(workloadKey));
  a.forEach((w, i) => {
    const r = b[i] as WorkloadStats;
    for (const f of FLOATS) {
      const [x, y] = [w[f] as number | null, r[f] as number | null];
      if (x === null || y === null) expect([workloadKey(w), f, x]).toEqual([workloadKey(w), f, y]);
      else expect(Math.abs(x - y), `${workloadKey(w)} ${f}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
    }
    const exact = (s: WorkloadStats) => Object.fromEntries(Object.entries(s).filter(([k]) => !FLOATS.includes(k as keyof WorkloadStats)));
    expect(exact(w)).toEqual(exact(r));
  });
}

describeEachDatabase("screen aggregates", (t) => {
  /** Spend by the wide rollup's tags over whole months, a month's second half, and both months: as the raw events say. */
  const expectSpendAsRaw = async () => {
    const ctx = systemContext(t.handle.db);
    for (const [from, to] of [
      ["2026-10-01", "2026-10-31"],
      ["2026-10-15", "2026-11-30"],
      ["2026-10-01", "2026-11-01"],
    ] as const)
      for (const groupBy of [["user"], ["customer", "repo"]] as const) {
        for (const interval of ["none", "month"] as const) {
          const input = { from, to, groupBy: [...groupBy], interval, filters: {} };
          expect(await listSpend(ctx, input), `${from}…${to} by ${groupBy} ${interval}`).toEqual(
            await listSpend(ctx, input, { forceRaw: true }),
          );
        }
      }
  };

  it("for random events sent late, out of order and twice, folded between batches: Surfaces, the review and cache economics equal the raw computation", async () => {
    const ctx = () => systemContext(t.handle.db);
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 30, maxLength: 90 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 90, maxLength: 90 }),
        fc.array(fc.integer({ min: 0, max: 89 }), { maxLength: 10 }),
        async (specs, batchOf, resent) => {
          for (const table of [
            "events",
            ...ROLLUPS.map((r) => r.table),
            "session_monthly",
            "session_monthly_totals",
            "event_rollup_monthly",
            "rollup_monthly_state",
            "aggregate_marks",
            "workload_daily",
            "workload_actor_edges",
            "review_week_items",
            "review_week_unread_writes",
          ])
            await t.handle.db.execute(`delete from ${table}`);
          const events = specs.map((s, i) => ({
            id: `p${i}`,
            timestamp: new Date(s.midnight + (s.offset + s.jitter * (i % 3)) * 1000).toISOString(),
            provider: "openai",
            model: s.model,
            input_tokens: s.input,
            output_tokens: s.output,
            cache_read_tokens: s.cacheRead,
            cache_write_tokens: s.cacheWrite,
            cost_usd: s.cost,
            status: s.error ? "error" : "ok",
            ...(s.plan ? { plan: s.plan, surface: "plan" } : {}),
            ...Object.fromEntries(
              (["repo", "feature", "tool", "user", "session", "customer"] as const).filter((k) => s[k] !== null).map((k) => [k, s[k]]),
            ),
          }));
          // Three batches in a shuffled order, some events sent again in a later one; a fold after each of the first two.
          const batches = [0, 1, 2].map((b) => events.filter((_, i) => batchOf[i] === b).reverse());
          batches[2]?.push(...resent.filter((i) => i < events.length).map((i) => events[i] as (typeof events)[number]));
          for (const [i, batch] of batches.entries()) {
            if (batch.length > 0) await ingestEvents(ctx(), batch, new Date("2026-12-01T00:00:00Z"));
            if (i < 2) await foldAggregates(t.handle.db);
          }
          await foldAggregates(t.handle.db);
          for (const month of ["2026-10", "2026-11"]) {
            const range = monthRange(month);
            expectSameWorkloads(await listWorkloadStats(ctx(), range), await listWorkloadStatsRaw(ctx(), range));
          }
          await expectSpendAsRaw();
          // A last batch nobody folded yet: the months it touched are read from the daily rows, still exact.
          await ingestEvents(
            ctx(),
            events.slice(0, 3).map((e) => ({ ...e, id: `${e.id}-late` })),
            new Date("2026-12-01T00:00:00Z"),
          );
          await expectSpendAsRaw();
          await foldAggregates(t.handle.db);
          await expectSpendAsRaw();
          for (const week of ["2026-W44", "2026-W45", "2026-W46"]) {
            expect(await listReviewCandidates(ctx(), week)).toEqual(await listReviewCandidates(ctx(), week, { raw: true }));
            expect(await getCacheEconomics(ctx(), weekRange(week))).toEqual(await getCacheEconomics(ctx(), weekRange(week), { raw: true }));
          }
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
  }, 240_000);

  it("folds only what it can see: a second fold finds nothing, and an event written after a fold is folded by the next", async () => {
    const ctx = systemContext(t.handle.db);
    await ingestEvents(ctx, [
      { id: "a", timestamp: "2026-11-03T10:00:00Z", provider: "openai", model: "gpt-4.1", input_tokens: 10, output_tokens: 1 },
    ]);
    expect(await foldAggregates(t.handle.db)).toMatchObject({ days: 1, weeks: 1, ran: true });
    expect(await foldAggregates(t.handle.db)).toEqual({ days: 0, weeks: 0, months: 0, ran: true });
    expect((await listWorkloadStats(ctx, monthRange("2026-11"))).map((w) => w.requests)).toEqual([1]);
    await ingestEvents(ctx, [
      { id: "b", timestamp: "2026-11-03T10:05:00Z", provider: "openai", model: "gpt-4.1", input_tokens: 10, output_tokens: 1 },
    ]);
    // Not folded yet: the screen shows what the last fold saw.
    expect((await listWorkloadStats(ctx, monthRange("2026-11"))).map((w) => w.requests)).toEqual([1]);
    await foldAggregates(t.handle.db);
    expect((await listWorkloadStats(ctx, monthRange("2026-11"))).map((w) => w.requests)).toEqual([2]);
    // Equal list costs: by kind, then id.
    expect((await listReviewCandidates(ctx, "2026-W45")).map((c) => c.id)).toEqual(["a", "b"]);
  });

  // While ingest writes a day without pause, each fold call refolds it once and leaves the newer marks to the next call
  // (one interval later), rather than refolding the day round after round for as long as ingest goes on.
  it.skipIf(t.kind !== "postgres")("folds a day once per call: a mark written during the call is left for the next one", async () => {
    const ctx = systemContext(t.handle.db);
    const event = (id: string) => ({
      id,
      timestamp: "2026-11-03T10:00:00Z",
      provider: "openai",
      model: "gpt-4.1",
      input_tokens: 10,
      output_tokens: 1,
    });
    await ingestEvents(ctx, [event("a")]);
    // The call's first round stops after its snapshot; the day is written again meanwhile.
    const fold = await foldPausedAfterSnapshot(t.handle.db, () => foldAggregates(t.handle.db));
    await ingestEvents(ctx, [event("b")]);
    expect(await fold.resume()).toMatchObject({ days: 1, weeks: 1, ran: true });
    // The call saw "a" only; "b"'s mark waits for the next call.
    expect((await listReviewCandidates(ctx, "2026-W45")).map((c) => c.id)).toEqual(["a"]);
    const [marks] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from aggregate_marks`);
    expect(marks?.n).toBe(1);
    expect(await foldAggregates(t.handle.db)).toMatchObject({ days: 1, weeks: 1, ran: true });
    expect((await listReviewCandidates(ctx, "2026-W45")).map((c) => c.id)).toEqual(["a", "b"]);
  });
});
