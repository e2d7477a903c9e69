import Big from "big.js";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { type Dimension, INTERVALS } from "./dimensions";
import { listSpend, spendSourceFor } from "./list-spend";
import { ROLLUPS, type SpendSource } from "./rollups";
import { parseSpendQuery, type SpendInput } from "./schemas";

const NOW = new Date("2026-11-22T12:00:00Z");
const q = (query: string) => parseSpendQuery(new URLSearchParams(query), NOW);

describeEachDatabase("listSpend", (t) => {
  async function seed() {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "1", timestamp: "2026-11-02T10:00:00Z", team: "platform", model: "gpt-4o", cost_usd: "1.25", session: "s1" }),
        makeEvent({ id: "2", timestamp: "2026-11-02T23:59:59.999Z", team: "platform", model: "gpt-4o", cost_usd: "0.75", session: "s1" }),
        makeEvent({
          id: "3",
          timestamp: "2026-11-03T00:00:00Z",
          team: "growth",
          model: "claude-sonnet-4-5",
          provider: "anthropic",
          cost_usd: "3",
        }),
        makeEvent({ id: "4", timestamp: "2026-11-10T08:00:00+02:00", team: undefined, model: "gpt-4o", cost_usd: "0.0000000001" }),
        makeEvent({ id: "5", timestamp: "2026-10-31T23:59:59Z", team: "platform", cost_usd: "100" }),
        makeEvent({ id: "6", timestamp: "2026-11-04T00:00:00Z", surface: "plan", plan: "Claude Team", cost_usd: "2", team: "growth" }),
      ],
      NOW,
    );
  }

  it("sums the range exactly, groups by dimension and orders by cost, descending", async () => {
    await seed();
    const r = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&group_by=team"));
    expect(r.totals).toMatchObject({ requests: 5, cost_usd: "5.0000000001", list_cost_usd: "7.0000000001", plan_fees_usd: "0.0000000000" });
    expect(r.rows.map((row) => [row.team, row.requests, row.cost_usd])).toEqual([
      ["growth", 2, "3.0000000000"],
      ["platform", 2, "2.0000000000"],
      [null, 1, "0.0000000001"],
    ]);
  });

  it("buckets by UTC day and ISO week, and filters by value and by 'not set'", async () => {
    await seed();
    const days = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&interval=day"));
    expect(days.rows.map((row) => [row.period, row.cost_usd])).toEqual([
      ["2026-11-02", "2.0000000000"],
      ["2026-11-03", "3.0000000000"],
      ["2026-11-04", "0.0000000000"],
      ["2026-11-10", "0.0000000001"],
    ]);
    const weeks = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&interval=week&group_by=provider"));
    // Weeks start on Monday (ISO): 2 and 4 November fall in the week of the 2nd, 10 November in the week of the 9th.
    expect(weeks.rows.map((row) => [row.period, row.provider, row.requests, row.cost_usd])).toEqual([
      ["2026-11-02", "anthropic", 1, "3.0000000000"],
      ["2026-11-02", "openai", 3, "2.0000000000"],
      ["2026-11-09", "openai", 1, "0.0000000001"],
    ]);
    const untagged = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&team="));
    expect(untagged.totals.requests).toBe(1);
    const two = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&team=growth&team=platform&model=gpt-4o"));
    expect(two.totals).toMatchObject({ requests: 2, cost_usd: "2.0000000000" });
  });

  it("answers session and branch queries from raw events, with the same numbers as the rollup", async () => {
    await seed();
    const bySession = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&group_by=session"));
    expect(bySession.rows.map((r) => [r.session, r.requests, r.cost_usd])).toEqual([
      [null, 3, "3.0000000001"],
      ["s1", 2, "2.0000000000"],
    ]);
    const rollup = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&group_by=team,model&interval=day"));
    const raw = await listSpend(systemContext(t.handle.db), q("from=2026-11-01&to=2026-11-30&group_by=team,model&interval=day"), {
      forceRaw: true,
    });
    expect(raw).toEqual(rollup);
  });

  it("totals equal the exact decimal sum of random events' costs, on the rollup and on raw events", async () => {
    const dims = { team: ["a", "b", undefined], model: ["m1", "m2"], customer: ["c1", undefined] };
    const eventArb = fc.record({
      day: fc.integer({ min: 1, max: 21 }), // NOW is 22 November: later events would be "in the future"
      seconds: fc.integer({ min: 0, max: 86_399 }),
      cents: fc.bigInt({ min: 0n, max: 10n ** 14n }), // up to 10,000 USD with 10 decimals
      team: fc.constantFrom(...dims.team),
      model: fc.constantFrom(...dims.model),
      customer: fc.constantFrom(...dims.customer),
      surface: fc.constantFrom("api", "plan"),
      tokens: fc.integer({ min: 0, max: 2_000_000 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 60 }), async (generated) => {
        run++;
        await t.handle.db.execute(
          sql`truncate events, event_ids, event_rollup_daily, event_rollup_daily_core, event_rollup_daily_repo_tool, session_monthly, session_monthly_totals`,
        );
        const wire = generated.map((g, i) => ({
          id: `p${run}-${i}`,
          timestamp: new Date(Date.UTC(2026, 10, g.day) + g.seconds * 1000).toISOString(),
          provider: "openai",
          model: g.model,
          surface: g.surface,
          input_tokens: g.tokens,
          output_tokens: g.tokens % 997,
          cost_usd: new Big(g.cents.toString()).div(1e10).toFixed(10),
          ...(g.team ? { team: g.team } : {}),
          ...(g.customer ? { customer: g.customer } : {}),
        }));
        const result = await ingestEvents(systemContext(t.handle.db), wire, NOW);
        expect(result.accepted).toBe(wire.length);
        const expectedList = wire.reduce((s, e) => s.plus(e.cost_usd), new Big(0));
        const expectedCost = wire.filter((e) => e.surface === "api").reduce((s, e) => s.plus(e.cost_usd), new Big(0));
        const input: SpendInput = { from: "2026-11-01", to: "2026-11-30", groupBy: ["team", "customer"], interval: "day", filters: {} };
        for (const forceRaw of [false, true]) {
          const spend = await listSpend(systemContext(t.handle.db), input, { forceRaw });
          expect(spend.totals.cost_usd).toBe(expectedCost.toFixed(10));
          expect(spend.totals.list_cost_usd).toBe(expectedList.toFixed(10));
          expect(spend.totals.input_tokens).toBe(wire.reduce((n, e) => n + e.input_tokens, 0));
          const rowSum = spend.rows.reduce((s, r) => s.plus(r.cost_usd), new Big(0));
          expect(rowSum.toFixed(10)).toBe(expectedCost.toFixed(10));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("reads the narrowest rollup that holds the query's dimensions", async () => {
    await seed();
    // Mark each rollup's November rows with its own extra request count, to see which one answered.
    const marks = { event_rollup_daily_core: 1000, event_rollup_daily_repo_tool: 2000, event_rollup_daily: 4000 };
    for (const [table, n] of Object.entries(marks))
      await t.handle.db.execute(sql`update ${sql.identifier(table)} set requests = requests + ${n} where day = '2026-11-02'`);
    const extra = async (query: string) => {
      const input = q(`from=2026-11-01&to=2026-11-30&${query}`);
      const [answer, raw] = await Promise.all([
        listSpend(systemContext(t.handle.db), input),
        listSpend(systemContext(t.handle.db), input, { forceRaw: true }),
      ]);
      return answer.totals.requests - raw.totals.requests;
    };
    expect(await extra("group_by=team,model")).toBe(1000);
    expect(await extra("interval=week&team=platform&cost_source=reported")).toBe(1000);
    expect(await extra("group_by=repo&tool=")).toBe(2000);
    expect(await extra("group_by=customer&team=platform")).toBe(4000);
    expect(await extra("group_by=session")).toBe(0);
  });

  it("answers every query the same from each rollup that holds its dimensions and from the raw events", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      Array.from({ length: 120 }, (_, i) =>
        makeEvent({
          id: `m${i}`,
          timestamp: new Date(Date.UTC(2026, 9, 20) + i * 4.9 * 3600_000).toISOString(), // 20 Oct – 13 Nov
          cost_usd: new Big(i * 7919).div(1e7).toFixed(10),
          team: [undefined, "a", "b"][i % 3],
          model: ["m1", "m2"][i % 2],
          surface: i % 5 ? "api" : "plan",
          repo: [undefined, "acme/x", "acme/y", "acme/z"][i % 4],
          tool: [undefined, "Edit", "Bash"][(i >> 1) % 3],
          customer: i % 6 ? `c${i % 4}` : undefined,
          session: `s${i % 9}`,
        }),
      ),
      NOW,
    );
    const dims: Dimension[] = ["team", "model", "surface", "repo", "tool", "customer", "session"];
    const values: Record<string, (string | null)[]> = { team: ["a", null], model: ["m2"], repo: ["acme/x", null], customer: ["c1"] };
    const queryArb = fc.record({
      groupBy: fc.subarray(dims, { maxLength: 3 }),
      filterDims: fc.subarray(Object.keys(values) as Dimension[], { maxLength: 2 }),
      interval: fc.constantFrom(...INTERVALS),
      from: fc.constantFrom("2026-10-01", "2026-10-25", "2026-11-03"),
    });
    await fc.assert(
      fc.asyncProperty(queryArb, async (g) => {
        const input: SpendInput = {
          from: g.from,
          to: "2026-11-30",
          groupBy: g.groupBy,
          interval: g.interval,
          filters: Object.fromEntries(g.filterDims.map((d) => [d, values[d] ?? []])),
        };
        const raw = await listSpend(systemContext(t.handle.db), input, { source: "events" });
        const sources: SpendSource[] = ROLLUPS.filter((r) =>
          [...g.groupBy, ...g.filterDims].every((d) => (r.dims as readonly Dimension[]).includes(d)),
        ).map((r) => r.table);
        expect(sources[0] ?? "events").toBe(spendSourceFor(input));
        for (const source of sources) expect(await listSpend(systemContext(t.handle.db), input, { source })).toEqual(raw);
        expect(await listSpend(systemContext(t.handle.db), input)).toEqual(raw);
      }),
      { numRuns: 40 },
    );
  });

  it("pages rows with limit and cursor: the pages together are the whole ordered result, ties broken by the group values", async () => {
    // 23 sessions over three days, many with equal costs, so the order needs the group values to be total.
    await ingestEvents(
      systemContext(t.handle.db),
      Array.from({ length: 60 }, (_, i) =>
        makeEvent({ id: `pg${i}`, timestamp: `2026-11-0${2 + (i % 3)}T10:00:00Z`, session: `s${i % 23}`, cost_usd: String(i % 4) }),
      ),
      NOW,
    );
    const query = "from=2026-11-01&to=2026-11-30&group_by=session&interval=day";
    const full = await listSpend(systemContext(t.handle.db), q(query));
    expect(full).toMatchObject({ truncated: false, next_cursor: null, limit: 1000 });
    const pages: Awaited<ReturnType<typeof listSpend>>[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await listSpend(systemContext(t.handle.db), q(`${query}&limit=7${cursor ? `&cursor=${cursor}` : ""}`));
      pages.push(page);
      cursor = page.next_cursor;
      expect(page.totals).toEqual(full.totals);
    }
    expect(pages.flatMap((p) => p.rows)).toEqual(full.rows);
    expect(pages.map((p) => [p.rows.length, p.truncated])).toEqual([
      ...Array.from({ length: Math.floor((full.rows.length - 1) / 7) }, () => [7, true]),
      [((full.rows.length - 1) % 7) + 1, false],
    ]);
  });
});
