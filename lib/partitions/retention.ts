import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { withLockTimeout } from "@/db/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/auth/actor";
import { DEFAULT_PARTITION, listEventPartitions, monthStart, partitionedTable } from "./partitions";

// Retention (BURNRATE_RETENTION_MONTHS, lib/partitions/partitions.ts retentionKeepFrom): whole months of raw events
// older than the period go — a month's partition is detached and dropped, strays of those months in the default
// partition deleted, their ids forgotten. What was computed from them stays: the daily and monthly rollups, session
// totals, Surfaces' workload rows, the weekly review and its marks, month closes. Those are never recomputed for an
// expired day again (the fold, repricing and tool syncs skip days before the period), so the spend of an old month
// reads the same after its raw rows are gone.

/** Rows of the default partition deleted per statement, so no delete holds a long transaction. */
const BATCH = 50_000;
/** Heap blocks of `event_ids` / `gateway_response_ids` read per delete statement (8 kB each: some 50 k ids). */
const BLOCKS = 320;

export interface RetentionResult {
  keepFrom: string;
  /**
   * Months whose raw events were removed (a partition dropped and/or strays deleted), with the rows removed and how
   * long the detach held `events` locked (a partition's; strays are deleted in batches, row by row).
   */
  dropped: { month: string; rows: number; lockMs?: number }[];
  /** Months left for the next run because a lock was not free within MAINTENANCE_LOCK_TIMEOUT. */
  busy: string[];
  /** `event_ids` rows of expired months forgotten. */
  ids: number;
}

/**
 * Removes the raw events of every month before `monthStart(now, -months)`. When there is any (a month partition
 * before the period, or strays of such months in the default partition), first the expired months' `event_ids` and
 * the gateway response ids first seen before the period are deleted, walking each table once in short statements
 * (neither has an index to find them by); then each month's partition is detached and dropped in its own short
 * transaction (waiting at most MAINTENANCE_LOCK_TIMEOUT for its locks, else left for the next run, so readers never queue
 * behind it for long) with an audit entry, and the strays are deleted in batches. A run that stops half way is
 * finished by the next: the ids go before the rows they index. In the steady state (nothing expired) a run reads
 * only the catalogue and the default partition. Does nothing while a table with data is still being converted.
 */
export async function applyRetention(db: Db, now: Date, months: number): Promise<RetentionResult> {
  const keepFrom = monthStart(now, -months);
  const result: RetentionResult = { keepFrom, dropped: [], busy: [], ids: 0 };
  if ((await partitionedTable(db)) !== "events") return result;
  const details = { keep_from: keepFrom, retention_months: months };
  const keepFromTs = `${keepFrom}T00:00:00Z`;

  // A mark of an expired day would make the fold recompute it from events that are gone (it skips them anyway).
  await db.execute(sql`delete from aggregate_marks where day < ${keepFrom}::date`);
  const expired = (await listEventPartitions(db)).filter((p) => p.month !== null && p.month < keepFrom);
  const strays = await queryRows<{ month: string; n: number | string }>(
    db,
    sql`select date_trunc('month', "timestamp" at time zone 'UTC')::date::text as month, count(*)::bigint as n
      from ${sql.identifier(DEFAULT_PARTITION)} where "timestamp" < ${keepFromTs}::timestamptz group by 1 order by 1`,
  );
  if (expired.length === 0 && strays.length === 0) return result;

  result.ids = await deleteByBlocks(db, "event_ids", sql`month < ${keepFrom}::date`);
  await deleteByBlocks(db, "gateway_response_ids", sql`seen_at < ${keepFromTs}::timestamptz`);

  for (const p of expired) {
    const month = p.month as string;
    const table = sql.identifier(p.name);
    // Counted before the detach, which holds `events` exclusively: only the detach and its audit row run under that lock.
    // Nothing adds to an expired month meanwhile (ingest and tool syncs refuse it).
    const [count] = await queryRows<{ n: number | string }>(db, sql`select count(*)::bigint as n from ${table}`);
    const rows = Number(count?.n ?? 0);
    const started = performance.now();
    const detached = await withLockTimeout(db, async (tx) => {
      await tx.execute(sql`alter table events detach partition ${table}`);
      await recordAudit(systemContext(tx, "retention"), { action: "events.month_dropped", target: month, details: { ...details, rows } });
      return true;
    });
    if (!detached) {
      result.busy.push(month);
      continue;
    }
    const lockMs = performance.now() - started;
    // Detached, the table is nobody's: dropping it (unlinking its files) holds no lock a reader or writer waits on.
    await db.execute(sql`drop table ${table}`);
    result.dropped.push({ month, rows, lockMs });
  }

  // Strays: events of an expired month that reached the default partition (it never gets a partition of its own).
  if (strays.length > 0) {
    const stray = sql.identifier(DEFAULT_PARTITION);
    for (;;) {
      const [row] = await queryRows<{ n: number | string }>(
        db,
        sql`with d as (delete from ${stray} where ctid in (
            select ctid from ${stray} where "timestamp" < ${keepFromTs}::timestamptz limit ${BATCH}) returning 1)
          select count(*)::bigint as n from d`,
      );
      if (Number(row?.n ?? 0) < BATCH) break;
    }
    for (const s of strays) {
      const rows = Number(s.n);
      await recordAudit(systemContext(db, "retention"), {
        action: "events.month_dropped",
        target: s.month,
        details: { ...details, rows, default_partition: true },
      });
      const seen = result.dropped.find((d) => d.month === s.month);
      if (seen) seen.rows += rows;
      else result.dropped.push({ month: s.month, rows });
    }
    result.dropped.sort((a, b) => (a.month < b.month ? -1 : 1));
  }
  return result;
}

/**
 * Deletes the rows of `table` matching `where`, BLOCKS heap blocks per statement (a TID range scan each), so the
 * table is read once, in short statements, without an index on `where`'s column. Rows added behind the end while
 * it runs are new ones, which never match. Returns the rows deleted.
 */
async function deleteByBlocks(db: Db, table: string, where: SQL): Promise<number> {
  const [size] = await queryRows<{ blocks: number | string }>(
    db,
    sql`select (pg_relation_size(${table}::regclass) / current_setting('block_size')::int)::bigint as blocks`,
  );
  let total = 0;
  for (let b = 0; b <= Number(size?.blocks ?? 0); b += BLOCKS) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`with d as (delete from ${sql.identifier(table)}
          where ctid >= ${`(${b},0)`}::tid and ctid < ${`(${b + BLOCKS},0)`}::tid and ${where} returning 1)
        select count(*)::bigint as n from d`,
    );
    total += Number(row?.n ?? 0);
  }
  return total;
}
