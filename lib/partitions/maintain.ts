import "server-only";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { withLockTimeout } from "@/db/errors";
import {
  DEFAULT_PARTITION,
  listEventPartitions,
  MONTHS_AHEAD,
  monthBounds,
  monthStart,
  partitionedTable,
  partitionName,
} from "./partitions";

/** How far back a month gets its own partition when a table with data is converted; anything older stays default. */
const MAX_MONTHS_BACK = 120;

export interface EnsureResult {
  /** Months given a partition (YYYY-MM-01). */
  created: string[];
  /** Of those, the ones whose rows were moved out of the default partition. */
  moved: string[];
  /** Months left for the next run because a lock was not free within MAINTENANCE_LOCK_TIMEOUT. */
  busy: string[];
}

/**
 * Gives each month that needs one its own partition: the current month and MONTHS_AHEAD after it (so the default
 * partition only ever catches strays), every month with rows in the default partition (their rows move with it), and,
 * while a table with data is converted, every month that table holds. Months before `keepFrom` (the retention
 * period's first month) get none: retention deletes their rows instead. Each month is its own short transaction.
 */
export async function ensureEventPartitions(db: Db, now = new Date(), keepFrom: string | null = null): Promise<EnsureResult> {
  const result: EnsureResult = { created: [], moved: [], busy: [] };
  const parent = await partitionedTable(db);
  if (!parent) return result;
  const existing = new Set((await listEventPartitions(db, parent)).map((p) => p.month));
  const wanted = new Set<string>();
  for (let n = 0; n <= MONTHS_AHEAD; n++) wanted.add(monthStart(now, n));
  const stray = await queryRows<{ month: string }>(
    db,
    sql`select distinct date_trunc('month', "timestamp" at time zone 'UTC')::date::text as month from ${sql.identifier(DEFAULT_PARTITION)}`,
  );
  for (const r of stray) wanted.add(r.month);
  if (parent === "events_p") for (const m of await monthsOfUnconverted(db, now)) wanted.add(m);

  for (const month of [...wanted].sort()) {
    if (existing.has(month) || (keepFrom !== null && month < keepFrom)) continue;
    const moved = await createMonthPartition(db, parent, month);
    if (moved === null) result.busy.push(month);
    else if (moved !== "exists") {
      result.created.push(month);
      if (moved > 0) result.moved.push(month);
    }
  }
  return result;
}

/** The months between the oldest and newest event of the table being converted (read from its timestamp index). */
async function monthsOfUnconverted(db: Db, now: Date): Promise<string[]> {
  const [range] = await queryRows<{ min: string | null; max: string | null }>(
    db,
    sql`select (min("timestamp") at time zone 'UTC')::date::text as min, (max("timestamp") at time zone 'UTC')::date::text as max from events`,
  );
  if (!range?.min || !range.max) return [];
  const floor = monthStart(now, -MAX_MONTHS_BACK);
  const months: string[] = [];
  for (let m = monthStart(range.min) < floor ? floor : monthStart(range.min); m <= range.max; m = monthStart(m, 1)) months.push(m);
  return months;
}

/**
 * Creates `month`'s partition of `parent` and moves that month's rows out of the default partition into it, in one
 * transaction: a plain table is filled from the default partition's deleted rows and then attached. Writes to events
 * wait for it (a moment when the default partition holds little, as it should); reads go on, but for the default
 * partition's. Returns
 * the rows moved, "exists" when another process created it meanwhile, or null when a lock was not free within
 * MAINTENANCE_LOCK_TIMEOUT.
 */
async function createMonthPartition(db: Db, parent: string, month: string): Promise<number | "exists" | null> {
  const name = sql.identifier(partitionName(month));
  const table = sql.identifier(parent);
  const { from, to } = monthBounds(month);
  return withLockTimeout(db, async (tx) => {
    // Writes wait (reads go on): a writer that had routed a row to the default partition before the new partition
    // existed would otherwise fail its partition check once the default partition's bounds shrank.
    await tx.execute(sql`lock table ${table} in share row exclusive mode`);
    await tx.execute(sql`lock table ${sql.identifier(DEFAULT_PARTITION)} in access exclusive mode`);
    // Another process may have created it since the list was read (the lock above serialises creators).
    const [exists] = await queryRows<{ found: boolean }>(tx, sql`select to_regclass(${partitionName(month)}) is not null as found`);
    if (exists?.found) return "exists" as const;
    await tx.execute(sql`create table ${name} (like ${table} including defaults)`);
    const [moved] = await queryRows<{ n: number }>(
      tx,
      sql`with moved as (
          delete from ${sql.identifier(DEFAULT_PARTITION)} where "timestamp" >= ${from}::timestamptz and "timestamp" < ${to}::timestamptz
          returning *
        ), ins as (insert into ${name} select * from moved returning 1)
        select count(*)::int as n from ins`,
    );
    await tx.execute(
      sql`alter table ${table} attach partition ${name} for values from (${sql.raw(`'${from}'`)}) to (${sql.raw(`'${to}'`)})`,
    );
    return Number(moved?.n ?? 0);
  });
}
