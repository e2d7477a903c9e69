import { sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { queryRows } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listReviewCandidates } from "@/lib/review/list-items";
import { aggregatesAgainstEvents, foldPausedAfterSnapshot } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { ensureEventPartitions } from "./maintain";
import { listEventPartitions, partitionedTable } from "./partitions";

const NOW = new Date("2026-12-06T12:00:00Z");

describeEachDatabase("event partitions", (t) => {
  const ctx = () => systemContext(t.handle.db);
  // Emptying the tables leaves the partitions a test created: start each test with only the default one.
  beforeEach(async () => {
    for (const p of await listEventPartitions(t.handle.db)) {
      if (p.month) await t.handle.db.execute(sql`drop table ${sql.identifier(p.name)}`);
    }
  });
  const whereIs = async (id: string) =>
    (await queryRows<{ part: string }>(t.handle.db, sql`select tableoid::regclass::text as part from events where id = ${id}`)).map(
      (r) => r.part,
    );

  it("a new database has a partitioned events table whose default partition takes any month", async () => {
    expect(await partitionedTable(t.handle.db)).toBe("events");
    const before = await listEventPartitions(t.handle.db);
    expect(before.find((p) => p.month === null)?.name).toBe("events_default");
    await ingestEvents(ctx(), [makeEvent({ id: "old", timestamp: "2019-03-04T05:06:07Z" })], NOW);
    expect(await whereIs("old")).toEqual(["events_default"]);
  });

  it("creates this month's and the next two months' partitions, and moves a stray month out of the default partition", async () => {
    const sept = [1, 2, 3].map((i) => makeEvent({ id: `s${i}`, timestamp: `2026-09-1${i}T10:00:00Z`, cost_usd: `0.${i}` }));
    await ingestEvents(ctx(), [...sept, makeEvent({ id: "d1", timestamp: "2026-12-01T00:00:00Z" })], NOW);
    const before = await aggregatesAgainstEvents(t.handle.db);

    const result = await ensureEventPartitions(t.handle.db, NOW);
    expect(result.created).toEqual(["2026-09-01", "2026-12-01", "2027-01-01", "2027-02-01"]);
    expect(result.moved).toEqual(["2026-09-01", "2026-12-01"]);
    expect(result.busy).toEqual([]);
    expect(await whereIs("s2")).toEqual(["events_2026_09"]);
    expect(await whereIs("d1")).toEqual(["events_2026_12"]);
    const [left] = await queryRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from events_default`);
    expect(left?.n).toBe(0);
    // The move changes where rows live, not what they say: the rollups still agree with the events.
    expect(await aggregatesAgainstEvents(t.handle.db)).toEqual(before);
    for (const check of before) expect(check.stored, check.table).toEqual(check.expected);

    // Idempotent: a second run creates nothing; an event for a partitioned month goes straight into it.
    expect((await ensureEventPartitions(t.handle.db, NOW)).created).toEqual([]);
    await ingestEvents(ctx(), [makeEvent({ id: "j1", timestamp: "2026-12-05T00:00:00Z" })], NOW);
    expect(await whereIs("j1")).toEqual(["events_2026_12"]);
  });

  it("skips months before the retention period's first month", async () => {
    await ingestEvents(ctx(), [makeEvent({ id: "a", timestamp: "2026-01-10T00:00:00Z" })], NOW);
    const result = await ensureEventPartitions(t.handle.db, NOW, "2026-06-01");
    expect(result.created).toEqual(["2026-12-01", "2027-01-01", "2027-02-01"]);
    expect(await whereIs("a")).toEqual(["events_default"]);
  });

  it("treats an id seen in any month as a duplicate, whichever partitions the two months are in", async () => {
    await ensureEventPartitions(t.handle.db, NOW);
    const first = await ingestEvents(ctx(), [makeEvent({ id: "same", timestamp: "2026-12-02T00:00:00Z", cost_usd: "1" })], NOW);
    const again = await ingestEvents(
      ctx(),
      [
        makeEvent({ id: "same", timestamp: "2026-10-02T00:00:00Z", cost_usd: "5" }),
        makeEvent({ id: "same", timestamp: "2027-01-01T00:00:00Z", cost_usd: "7" }),
      ],
      new Date("2027-01-01T00:00:00Z"),
    );
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
    const rows = await queryRows<{ ts: string; cost: string }>(
      t.handle.db,
      sql`select to_char("timestamp" at time zone 'UTC', 'YYYY-MM-DD') as ts, cost_usd::text as cost from events where id = 'same'`,
    );
    expect(rows).toEqual([{ ts: "2026-12-02", cost: "1.0000000000" }]);
    const ids = await queryRows<{ month: string }>(t.handle.db, sql`select month::text from event_ids where id = 'same'`);
    expect(ids).toEqual([{ month: "2026-12-01" }]);
  });

  // A fold reads a marked day's events in one snapshot. A stray month moved out of the default partition after that
  // snapshot was taken would be in neither partition for it (the new one's rows are too new, the default partition no
  // longer covers the month): the fold would store an empty week and drop the mark. The fold holds the partitions
  // from before its snapshot, so the move waits for it (and, after MAINTENANCE_LOCK_TIMEOUT, is left for the next run).
  it.skipIf(t.kind !== "postgres")("a move never lands inside a fold's snapshot: the fold still sees the moved month", async () => {
    const jan = [
      makeEvent({ id: "j1", timestamp: "2026-01-13T10:00:00Z", cost_usd: "0.5", session: "s", input_tokens: 120_000 }),
      makeEvent({ id: "j2", timestamp: "2026-01-14T10:00:00Z", cost_usd: "0.2", session: "s" }),
    ];
    const db = t.handle.db;
    await ensureEventPartitions(db, NOW); // this month's and the next two: January 2026 is then the only stray
    await ingestEvents(ctx(), jan, NOW);
    // The fold stops after taking its snapshot; partition upkeep runs meanwhile.
    const fold = await foldPausedAfterSnapshot(db, () => foldAggregates(db));
    const during = await ensureEventPartitions(db, NOW);
    await fold.resume();
    const after = await ensureEventPartitions(db, NOW);
    // The move waited for the fold (MAINTENANCE_LOCK_TIMEOUT), was left for the next run, and that run moved it.
    expect(during).toMatchObject({ moved: [], busy: ["2026-01-01"] });
    expect(after).toMatchObject({ moved: ["2026-01-01"], busy: [] });
    expect(await whereIs("j1")).toEqual(["events_2026_01"]);
    await foldAggregates(db);
    expect((await listReviewCandidates(ctx(), "2026-W03")).map((c) => [c.kind, c.id])).toEqual([
      ["session", "s"],
      ["request", "j1"],
      ["request", "j2"],
    ]);
  });
});
