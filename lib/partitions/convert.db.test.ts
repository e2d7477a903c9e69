import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { generateSql } from "@/scripts/bench/dashboard-data";
import { createPostgresDatabase, testBackends } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { migrateBefore } from "@/scripts/test/migrations";
import { convertEvents } from "./convert";
import { listEventPartitions, partitionedTable } from "./partitions";

// The live conversion of an unpartitioned events table that holds data (migration 0025 on an existing install), at
// 1 M events, on PostgreSQL: concurrent writers need separate connections (a populated PGlite database is converted
// by the same job, in its one process).
const EVENTS = 1_000_000;
const NOW = new Date("2026-12-06T12:00:00Z");

describe.runIf(testBackends().includes("postgres"))("converting a populated events table to monthly partitions [postgres]", () => {
  let handle: DbHandle;
  let drop: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    // The schema as it was before 0025, and the events of a populated install.
    await migrateBefore(url, "0025");
    const client = postgres(url, { max: 1, onnotice: () => {} });
    for (let from = 1; from <= EVENTS; from += 250_000) {
      await client.unsafe(generateSql(from, Math.min(EVENTS, from + 249_999), "2026-12-01T00:00:00Z"));
    }
    await client.end();
    handle = await openDb({ url, poolMax: 8 });
  }, 600_000);

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  /** Every row of a table as one number: count and a hash sum of each row's text (same columns, same order). */
  const fingerprint = async (table: string) =>
    (
      await queryRows<{ n: string; h: string }>(
        handle.db,
        sql`select count(*)::text as n, coalesce(sum(hashtextextended(t::text, 0)), 0)::text as h from ${sql.identifier(table)} t`,
      )
    )[0];

  it("copies the rows behind a mirror of live writes, then swaps in one short lock while ingest keeps going", async () => {
    const db = handle.db;
    expect(await partitionedTable(db)).toBe("events_p");

    // Writers while it runs: new batches through ingest (one of them re-sends an old id with another month), a
    // reprice-style update of old rows and a sync-style delete of old rows (which frees their ids, as store-day does).
    const accepted: string[] = [];
    const stalls: number[] = [];
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        n++;
        const batch = Array.from({ length: 20 }, (_, i) =>
          makeEvent({ id: `live-${n}-${i}`, timestamp: `2026-1${n % 3}-0${1 + (i % 5)}T10:00:00Z` }),
        );
        const started = performance.now();
        const result = await ingestEvents(
          systemContext(db),
          [...batch, makeEvent({ id: `b${n * 7}`, timestamp: "2026-12-02T00:00:00Z" })],
          NOW,
        );
        stalls.push(performance.now() - started);
        expect(result.duplicates).toBe(1);
        accepted.push(...batch.map((e) => e.id as string));
        await db.execute(sql`update events set cost_usd = cost_usd + 1 where id = ${`b${n * 11}`}`);
        const gone = `b${n * 14 + 3}`;
        await db.execute(sql`delete from events where id = ${gone}`);
        await db.execute(sql`delete from event_ids where id = ${gone}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const copy = await convertEvents(db, { batch: 50_000, now: NOW, swap: false });
    // Let the mirror alone carry writes for a moment after the copy finished, then compare at rest.
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writer;
    expect(copy.copied).toBeGreaterThanOrEqual(EVENTS - n);
    expect(await fingerprint("events_p")).toEqual(await fingerprint("events"));
    const before = await fingerprint("events");
    const [ids] = await queryRows<{ n: string }>(db, sql`select count(*)::text as n from event_ids`);
    expect(ids?.n).toBe(before?.n);

    // The swap, with ingest running through it.
    writing = true;
    const swapWriter = (async () => {
      while (writing) {
        const id = `swap-${accepted.length}`;
        const started = performance.now();
        const result = await ingestEvents(systemContext(db), [makeEvent({ id, timestamp: "2026-12-03T00:00:00Z" })], NOW);
        stalls.push(performance.now() - started);
        expect(result.accepted).toBe(1);
        accepted.push(id);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const swap = await convertEvents(db, { now: NOW });
    await new Promise((r) => setTimeout(r, 100));
    writing = false;
    await swapWriter;
    expect(swap).toMatchObject({ pending: true, swapped: true });
    console.log(
      `converted ${EVENTS.toLocaleString("en-US")} events: swap held the lock ${swap.swapLockMs?.toFixed(0)} ms; ` +
        `slowest ingest call during the conversion ${Math.max(...stalls).toFixed(0)} ms`,
    );

    expect(await partitionedTable(db)).toBe("events");
    const after = await fingerprint("events");
    expect(Number(after?.n)).toBe(Number(before?.n) + accepted.filter((id) => id.startsWith("swap-")).length);
    const found = await queryRows<{ id: string; n: number }>(
      db,
      sql`select id, count(*)::int as n from events where id in (select jsonb_array_elements_text(${JSON.stringify(accepted)}::jsonb)) group by id`,
    );
    expect(found.length).toBe(accepted.length);
    expect(found.every((r) => r.n === 1)).toBe(true);
    // Every month the data spans has its own partition: nothing was left in the default one.
    const parts = await listEventPartitions(db);
    expect(parts.map((p) => p.month)).toEqual(expect.arrayContaining(["2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01"]));
    const [stray] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from events_default`);
    expect(stray?.n).toBe(0);
    // The ids of the old rows were carried over: re-sending one, with another month, is a duplicate.
    const resent = await ingestEvents(systemContext(db), [makeEvent({ id: "b1", timestamp: "2026-12-04T00:00:00Z" })], NOW);
    expect(resent).toMatchObject({ accepted: 0, duplicates: 1 });
    // Nothing left of the conversion.
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_class where relname in ('events_p', 'events_conversion') or relname like 'events_p_%'`,
    );
    expect(left?.n).toBe(0);
  }, 900_000);
});
