import Big from "big.js";
import { asc, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDb, queryRows } from "@/db";
import { events } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { listSpend } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { aggregatesAgainstEvents } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { ingestEvents } from "./ingest-events";

const NOW = new Date("2026-11-22T12:00:00Z");
const NOVEMBER: SpendInput = { from: "2026-11-01", to: "2026-11-30", groupBy: [], interval: "none", filters: {} };

describeEachDatabase("ingestEvents", (t) => {
  /** Every rollup and the per-session totals hold exactly what a GROUP BY over the stored events gives. */
  async function expectAggregatesExact() {
    for (const check of await aggregatesAgainstEvents(t.handle.db)) {
      expect(check.stored, check.table).toEqual(check.expected);
    }
  }

  it("stores the valid events of a mixed batch and reports each rejected one by index, id and field", async () => {
    const batch = [
      makeEvent({ id: "a" }),
      makeEvent({ id: "b", input_tokens: -1 }),
      makeEvent({ id: "c", cache_read_tokens: 900, cache_write_tokens: 200 }),
      makeEvent({ id: "d", tema: "typo" }),
      "not an object",
      makeEvent({ id: "e" }),
    ];
    const result = await ingestEvents(systemContext(t.handle.db), batch, NOW);
    expect(result.accepted).toBe(2);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r) => [r.index, r.id, r.errors.map((e) => e.path)])).toEqual([
      [1, "b", ["input_tokens"]],
      [2, "c", ["cache_read_tokens"]],
      [3, "d", ["tema"]],
      [4, undefined, [""]],
    ]);
    const stored = await t.handle.db.select({ id: events.id }).from(events).orderBy(asc(events.id));
    expect(stored.map((r) => r.id)).toEqual(["a", "e"]);
    await expectAggregatesExact();
  });

  it("keeps the first write of a repeated id, within a batch and across batches", async () => {
    const first = await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: "x", team: "first", cost_usd: "1.5" }), makeEvent({ id: "x", team: "second", cost_usd: "9" })],
      NOW,
    );
    expect(first).toMatchObject({ accepted: 1, duplicates: 1 });
    const again = await ingestEvents(systemContext(t.handle.db), [makeEvent({ id: "x", team: "third", cost_usd: "7" })], NOW);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    const [row] = await t.handle.db.select({ team: events.team, cost: events.costUsd }).from(events);
    expect(row).toEqual({ team: "first", cost: "1.5000000000" });
    await expectAggregatesExact();
    const spend = await listSpend(systemContext(t.handle.db), { ...NOVEMBER });
    expect(spend.totals.requests).toBe(1);
    expect(spend.totals.cost_usd).toBe("1.5000000000");
  });

  it("stores each event once when several clients send the same batches concurrently", async () => {
    // Two months, a few days each, shared sessions and tags: the batches contend for the same aggregate rows.
    const batch = Array.from({ length: 300 }, (_, i) =>
      makeEvent({
        id: `c-${i}`,
        timestamp: `2026-${i % 2 ? "10-31T23:59" : `11-0${1 + (i % 3)}T00:00`}:${String(i % 60).padStart(2, "0")}Z`,
        cost_usd: `0.${String(i + 1).padStart(4, "0")}`,
        user: `u${i % 7}`,
        repo: `acme/r${i % 3}`,
        tool: i % 4 ? "Edit" : undefined,
        session: `s${i % 11}`,
        status: i % 13 ? "ok" : "error",
      }),
    );
    const reversed = [...batch].reverse();
    // Separate connections for Postgres, so the transactions really overlap.
    const extra = t.url ? await Promise.all([1, 2, 3].map(() => openDb({ url: t.url, poolMax: 2 }))) : [];
    const dbs = [t.handle.db, ...extra.map((h) => h.db)];
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          ingestEvents(systemContext(dbs[i % dbs.length]!), i % 2 ? reversed : batch.slice(i * 10).concat(batch.slice(0, i * 10)), NOW),
        ),
      );
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(300);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(5 * 300);
    } finally {
      await Promise.all(extra.map((h) => h.close()));
    }
    const expected = batch.reduce((sum, e) => sum.plus(String(e.cost_usd)), new Big(0));
    const [count] = await queryRows<{ n: string | number }>(t.handle.db, sql`select count(*) as n from events`);
    expect(Number(count?.n)).toBe(300);
    const spend = await listSpend(systemContext(t.handle.db), { ...NOVEMBER, from: "2026-10-01" });
    expect(spend.totals.requests).toBe(300);
    expect(spend.totals.cost_usd).toBe(expected.toFixed(10));
    await expectAggregatesExact();
  });

  it("keeps every rollup and the session totals equal to the stored events over random batches with repeated ids", async () => {
    const pick = <T>(...values: T[]) => fc.constantFrom(...values);
    const eventArb = fc.record({
      id: fc.integer({ min: 0, max: 60 }), // small id space: repeats within and across batches, first write wins
      minute: fc.integer({ min: 0, max: 28 * 24 * 60 - 1 }), // 25 October to 21 November: two months
      cents: fc.bigInt({ min: 0n, max: 10n ** 13n }),
      surface: pick("api", "plan"),
      status: pick("ok", "error"),
      team: pick("a", "b", undefined),
      user: pick("u1", "u2", undefined),
      customer: pick("c1", undefined),
      repo: pick("acme/x", "acme/y", undefined),
      tool: pick("Edit", undefined),
      feature: pick("chat", undefined),
      session: pick("s1", "s2", "s3", undefined),
      tokens: fc.integer({ min: 0, max: 100_000 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(eventArb, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 4 }), async (batches) => {
        run++;
        await t.handle.db.execute(
          sql`truncate events, event_ids, event_rollup_daily, event_rollup_daily_core, event_rollup_daily_repo_tool, session_monthly, session_monthly_totals`,
        );
        for (const b of batches) {
          const wire = b.map(({ id, minute, cents, tokens, ...tags }) =>
            makeEvent({
              ...tags,
              id: `r${run}-${id}`,
              timestamp: new Date(Date.UTC(2026, 9, 25) + minute * 60_000).toISOString(),
              cost_usd: new Big(cents.toString()).div(1e10).toFixed(10),
              input_tokens: tokens,
              cache_read_tokens: tokens % 7,
              output_tokens: tokens % 1000,
              ...(tags.surface === "plan" ? { plan: "Claude Team" } : {}),
            }),
          );
          const result = await ingestEvents(systemContext(t.handle.db), wire, NOW);
          expect(result.rejected).toEqual([]);
        }
        await expectAggregatesExact();
      }),
      { numRuns: 20 },
    );
  });

  it("stores awkward text exactly: backslashes, quotes, unicode, and tabs or newlines in tags", async () => {
    const tags = { note: "line1\nline2\ttabbed \\N not null \\ back", ключ: "値 🚀", quote: `"'` };
    const team = String.raw`plat\form "A"`;
    await ingestEvents(systemContext(t.handle.db), [makeEvent({ id: "text-1", team, tags, session: "s\\N" })], NOW);
    const [row] = await t.handle.db.select({ team: events.team, tags: events.tags, session: events.session }).from(events);
    expect(row).toEqual({ team, tags, session: "s\\N" });
  });

  it("rejects text PostgreSQL cannot store (lone surrogates, NUL) per event and stores the siblings", async () => {
    const batch = [
      makeEvent({ id: "ok-1", tags: { emoji: "🚀" } }),
      makeEvent({ id: "s-tag", tags: { k: "\ud800" } }),
      makeEvent({ id: "s-team", team: "\udfff" }),
      makeEvent({ id: "nul-\u0000" }),
      makeEvent({ id: "nul-key", tags: { "k\u0000": "v" } }),
      makeEvent({ id: "s-key", tags: { "\udc00": "v" } }),
      makeEvent({ id: "s-trace", trace: "\ud800" }),
      makeEvent({ id: "\ud800" }),
      makeEvent({ id: "ok-2" }),
    ];
    const result = await ingestEvents(systemContext(t.handle.db), batch, NOW);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.errors.map((e) => e.path)])).toEqual([
      [1, ["tags.k"]],
      [2, ["team"]],
      [3, ["id"]],
      [4, ["tags.k\u0000"]],
      [5, ["tags.\udc00"]],
      [6, ["trace"]],
      [7, ["id"]],
    ]);
    const stored = await t.handle.db.select({ id: events.id }).from(events).orderBy(asc(events.id));
    expect(stored.map((r) => r.id)).toEqual(["ok-1", "ok-2"]);
    await expectAggregatesExact();
  });

  it("prices events itself when no cost is given, and keeps plan events out of metered cost", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "api", cost_usd: undefined, model: "gpt-4o", input_tokens: 1_000_000, output_tokens: 0 }),
        makeEvent({
          id: "plan",
          surface: "plan",
          plan: "Claude Team",
          cost_usd: "0.42",
          provider: "Anthropic",
          model: "claude-sonnet-4-5",
        }),
        makeEvent({ id: "unknown", cost_usd: undefined, model: "acme-in-house-llm" }),
      ],
      NOW,
    );
    const rows = await t.handle.db
      .select({ id: events.id, provider: events.provider, cost: events.costUsd, list: events.listCostUsd, source: events.costSource })
      .from(events)
      .orderBy(asc(events.id));
    expect(rows).toEqual([
      { id: "api", provider: "openai", cost: "2.5000000000", list: "2.5000000000", source: "computed" },
      { id: "plan", provider: "anthropic", cost: "0.0000000000", list: "0.4200000000", source: "reported" },
      { id: "unknown", provider: "openai", cost: "0.0000000000", list: "0.0000000000", source: "unpriced" },
    ]);
  });

  it("prices with an override from the price_overrides table from its effective date", async () => {
    await t.handle.db.execute(
      sql`insert into price_overrides (provider, model, effective_from, input_mtok, output_mtok) values ('openai', 'gpt-4o', '2026-11-05', '1', '2')`,
    );
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({
          id: "before",
          cost_usd: undefined,
          model: "gpt-4o",
          timestamp: "2026-11-04T23:59:59Z",
          input_tokens: 1_000_000,
          output_tokens: 0,
        }),
        makeEvent({
          id: "after",
          cost_usd: undefined,
          model: "gpt-4o",
          timestamp: "2026-11-05T00:00:00Z",
          input_tokens: 1_000_000,
          output_tokens: 1_000_000,
        }),
      ],
      NOW,
    );
    const rows = await t.handle.db.select({ id: events.id, cost: events.costUsd }).from(events).orderBy(asc(events.id));
    expect(rows).toEqual([
      { id: "after", cost: "3.0000000000" },
      { id: "before", cost: "2.5000000000" },
    ]);
  });
});

describe("ingestEvents validation without a database", () => {
  it("never touches the database when every event is invalid", async () => {
    const result = await ingestEvents(null as never, [{ id: "" }], NOW);
    expect(result.accepted).toBe(0);
    expect(result.rejected[0]?.errors.map((e) => e.path)).toContain("id");
  });
});
