import "server-only";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/auth/actor";
import { DDL_LOCK_TIMEOUT, isLockTimeout } from "./maintain";
import { DEFAULT_PARTITION, listEventPartitions, monthStart, partitionedTable } from "./partitions";

// Retention (BURNRATE_RETENTION_MONTHS, lib/partitions/partitions.ts retentionKeepFrom): whole months of raw events
// older than the period go — a month's partition is detached and dropped, strays of those months in the default
// partition deleted, their ids forgotten. What was computed from them stays: the daily and monthly rollups, session
// totals, Surfaces' workload rows, the weekly review and its marks, month closes. Those are never recomputed for an
// expired day again (the fold, repricing and tool syncs skip days before the period), so the spend of an old month
// reads the same after its raw rows are gone.

/** Rows deleted per statement, so no delete holds a long transaction. */
const BATCH = 50_000;

export interface RetentionResult {
  keepFrom: string;
  /** Months whose raw events were removed (a partition dropped and/or strays deleted), with the rows removed. */
  dropped: { month: string; rows: number }[];
  /** Months left for the next run because a lock was not free within DDL_LOCK_TIMEOUT. */
  busy: string[];
  /** `event_ids` rows of expired months forgotten. */
  ids: number;
}

/**
 * Removes the raw events of every month before `monthStart(now, -months)`: each month's partition is detached and
 * dropped in its own short transaction (waiting at most DDL_LOCK_TIMEOUT for its locks, else left for the next run,
 * so readers never queue behind it for long), with an audit entry; then, in batches, the expired strays of the
 * default partition, the expired months' `event_ids`, the marks of expired days (never folded again) and gateway
 * response ids first seen before the period. Does nothing while a table with data is still being converted.
 */
export async function applyRetention(db: Db, now: Date, months: number): Promise<RetentionResult> {
  const keepFrom = monthStart(now, -months);
  const result: RetentionResult = { keepFrom, dropped: [], busy: [], ids: 0 };
  if ((await partitionedTable(db)) !== "events") return result;
  const details = { keep_from: keepFrom, retention_months: months };

  for (const p of await listEventPartitions(db)) {
    if (p.month === null || p.month >= keepFrom) continue;
    const month = p.month;
    const table = sql.identifier(p.name);
    // Counted before the detach, which holds `events` exclusively: only the two DDL statements run under that lock.
    // Nothing adds to an expired month meanwhile (ingest and tool syncs refuse it).
    const [count] = await queryRows<{ n: number | string }>(db, sql`select count(*)::bigint as n from ${table}`);
    const rows = Number(count?.n ?? 0);
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local lock_timeout = '${DDL_LOCK_TIMEOUT}'`));
        await tx.execute(sql`alter table events detach partition ${table}`);
        await tx.execute(sql`drop table ${table}`);
        await recordAudit(systemContext(tx, "retention"), { action: "events.month_dropped", target: month, details: { ...details, rows } });
      });
      result.dropped.push({ month, rows });
    } catch (e) {
      if (!isLockTimeout(e)) throw e;
      result.busy.push(month);
    }
  }

  // Strays: events of an expired month that reached the default partition (it never gets a partition of its own).
  const strays = await queryRows<{ month: string; n: number | string }>(
    db,
    sql`select date_trunc('month', "timestamp" at time zone 'UTC')::date::text as month, count(*)::bigint as n
      from ${sql.identifier(DEFAULT_PARTITION)} where "timestamp" < ${`${keepFrom}T00:00:00Z`}::timestamptz group by 1 order by 1`,
  );
  if (strays.length > 0) {
    await inBatches(
      db,
      sql`delete from ${sql.identifier(DEFAULT_PARTITION)} where ctid in (
        select ctid from ${sql.identifier(DEFAULT_PARTITION)} where "timestamp" < ${`${keepFrom}T00:00:00Z`}::timestamptz limit ${BATCH})`,
    );
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

  result.ids = await inBatches(
    db,
    sql`delete from event_ids where id in (select id from event_ids where month < ${keepFrom}::date limit ${BATCH})`,
  );
  // A mark of an expired day would make the fold recompute it from events that are gone (it skips them anyway).
  await db.execute(sql`delete from aggregate_marks where day < ${keepFrom}::date`);
  await inBatches(
    db,
    sql`delete from gateway_response_ids where response_id in (
      select response_id from gateway_response_ids where seen_at < ${`${keepFrom}T00:00:00Z`}::timestamptz limit ${BATCH})`,
  );
  return result;
}

/** Runs a batched delete until it deletes fewer rows than a batch; returns the rows deleted. */
async function inBatches(db: Db, statement: ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`with d as (${statement} returning 1) select count(*)::bigint as n from d`,
    );
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}
