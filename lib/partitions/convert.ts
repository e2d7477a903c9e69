import "server-only";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { withLockTimeout } from "@/db/errors";
import { ensureEventPartitions } from "./maintain";
import { partitionedTable } from "./partitions";

// The live conversion of an `events` table that had data when migration 0025 ran. The migration created the
// partitioned copy `events_p` and a trigger that mirrors every insert, update and delete on `events` into it; this
// copies the rows that were there before, in id order, a batch per transaction, and then swaps the tables:
//
// - A batch locks its rows (`for update`) while it copies them, so an update or delete racing the copy either
//   happens before (the copy reads the new row, or none) or waits and is then mirrored onto the copied row.
// - Each batch also records its ids in `event_ids`; ingest claims new ids there itself.
// - The swap is one transaction of renames: lock `events` (waiting at most MAINTENANCE_LOCK_TIMEOUT, else it retries on the
//   next run), rename it away and `events_p` to `events`. Ingest waits for that lock for a moment; nothing fails.
//   The old table is dropped after.

export const CONVERT_BATCH = 20_000;

export interface ConvertResult {
  /** Whether a conversion was pending when called. */
  pending: boolean;
  copied: number;
  /** The tables were swapped: `events` is partitioned. */
  swapped: boolean;
  /** How long the swap held `events` locked, in ms. */
  swapLockMs: number | null;
}

/**
 * Copies batches until done (then swaps, unless `swap: false`) or until `budgetMs` has passed; the cursor makes the
 * next run resume.
 */
export async function convertEvents(
  db: Db,
  opts: { budgetMs?: number; batch?: number; now?: Date; swap?: boolean } = {},
): Promise<ConvertResult> {
  const result: ConvertResult = { pending: false, copied: 0, swapped: false, swapLockMs: null };
  if ((await partitionedTable(db)) !== "events_p") return result;
  result.pending = true;
  await ensureEventPartitions(db, opts.now ?? new Date());
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  const batch = opts.batch ?? CONVERT_BATCH;
  for (;;) {
    const copied = await copyBatch(db, batch);
    result.copied += copied;
    if (copied < batch) break;
    if (Date.now() >= deadline) return result;
  }
  if (opts.swap === false) return result;
  const started = performance.now();
  const swapped = await withLockTimeout(db, async (tx) => {
    await tx.execute(sql`lock table events in access exclusive mode`);
    await tx.execute(sql`select events_swap_partitioned()`);
    await tx.execute(sql`drop function events_swap_partitioned()`);
    return true;
  });
  if (!swapped) return result;
  result.swapLockMs = performance.now() - started;
  // Nothing reads the old table any more: dropping it (its files unlinked) needs no lock anyone waits for.
  await db.execute(sql`drop table events_unpartitioned`);
  result.swapped = true;
  return result;
}

/** Copies the next `batch` rows after the cursor into `events_p` and their ids into `event_ids`; returns how many. */
async function copyBatch(db: Db, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const [state] = await queryRows<{ cursor: string | null }>(tx, sql`select cursor from events_conversion for update`);
    const [done] = await queryRows<{ n: number; last: string | null }>(
      tx,
      sql`with b as (
          select * from events where ${state?.cursor == null ? sql`true` : sql`id > ${state.cursor}`} order by id limit ${batch} for update
        ), copied as (insert into events_p select * from b on conflict do nothing),
        ids as (
          insert into event_ids (id, month) select id, date_trunc('month', "timestamp" at time zone 'UTC')::date from b
          on conflict (id) do nothing
        )
        select count(*)::int as n, max(id) as last from b`,
    );
    const n = Number(done?.n ?? 0);
    if (n > 0) await tx.execute(sql`update events_conversion set cursor = ${done?.last}, copied = copied + ${n}`);
    return n;
  });
}
