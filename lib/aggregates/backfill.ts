import "server-only";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { withLockTimeout } from "@/db/errors";
import { ROLLUPS, type Rollup, type RollupName, rollupTable } from "@/lib/dimensions/rollups";
import { rekeyRollupDaySql, rollupDayFromEventsSql } from "@/lib/ingest/aggregates-sql";
import { retentionKeepFrom } from "@/lib/partitions/partitions";

// Migrations never compute aggregates from events (a statement over every event holds its lock on events, and so
// ingest, for as long as it runs: migration 0004 held it ~30 s at 10 M events). A migration that needs an aggregate
// recomputed queues the days instead (`aggregate_backfills`, one row per task and day, read from a rollup's days,
// never from events), and the fold job works through them here, one day per short transaction:
//
// - `rekey:<rollup>`: a dimension joined the rollup, so its key covers one more column: each day's rows with a stale
//   key are taken out and added back under the new key (merging with rows ingest wrote under it meanwhile). Needs
//   no lock on events.
// - `rebuild:<rollup>`: a new rollup: each day is summed from that day's events (one partition, by its timestamp
//   index). Ingest waits while a day is summed (`lock table events in share mode`, so no event of the day can
//   commit between the sum and its own upsert); a day at 110 k events takes well under a second.
//
// Either way the day is marked for the fold (the monthly rollup and the screens are summed from the daily rows).

export type BackfillTask = `rekey:${RollupName}` | `rebuild:${RollupName}`;

export interface BackfillResult {
  /** Days done in this call. */
  done: number;
  /** Days still queued. */
  left: number;
}

/** Queues `task` for every day a rollup holds (what a migration does in SQL: see docs/architecture.md). */
export async function queueBackfill(db: Db, task: BackfillTask): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with q as (
      insert into aggregate_backfills (task, day)
      select ${task}, day from (select distinct day from ${sql.identifier(rollupTable("core"))}) d
      on conflict do nothing returning 1
    ) select count(*)::int as n from q`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Works through queued days, oldest first, until none is left, `maxDays` are done or `budgetMs` has passed. A
 * `rebuild` of a day before the retention period (`keepFrom`: BURNRATE_RETENTION_MONTHS by default) is dropped from
 * the queue unbuilt: its events are gone, so summing them would empty the day.
 */
export async function runBackfills(
  db: Db,
  opts: { budgetMs?: number; maxDays?: number; keepFrom?: string | null } = {},
): Promise<BackfillResult> {
  const keepFrom = opts.keepFrom === undefined ? retentionKeepFrom() : opts.keepFrom;
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  let done = 0;
  while (done < (opts.maxDays ?? Number.POSITIVE_INFINITY) && Date.now() < deadline) {
    const outcome = await backfillOne(db, keepFrom);
    if (outcome === "none" || outcome === "busy") break;
    done++;
  }
  const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from aggregate_backfills`);
  return { done, left: Number(left?.n ?? 0) };
}

/** One queued day, in its own transaction: "done", "none" queued, or "busy" (a lock was not free in time). */
async function backfillOne(db: Db, keepFrom: string | null): Promise<"done" | "none" | "busy"> {
  const outcome = await withLockTimeout(db, async (tx) => {
    const [next] = await queryRows<{ task: string; day: string }>(
      tx,
      sql`select task, day::text as day from aggregate_backfills order by day, task limit 1 for update skip locked`,
    );
    if (!next) return "none" as const;
    const [kind, name] = next.task.split(":");
    const rollup = ROLLUPS.find((r) => r.name === name) as Rollup | undefined;
    if (!rollup || (kind !== "rekey" && kind !== "rebuild")) throw new Error(`unknown backfill task: ${next.task}`);
    if (kind === "rekey") {
      await tx.execute(sql.raw(rekeyRollupDaySql(rollup, next.day)));
    } else if (keepFrom === null || next.day >= keepFrom) {
      // (A day before the retention period has nothing to sum from: what the rollup holds for it stays.)
      await tx.execute(sql`lock table events in share mode`);
      await tx.execute(sql`delete from ${sql.identifier(rollup.table)} where day = ${next.day}::date`);
      await tx.execute(sql.raw(rollupDayFromEventsSql(rollup, next.day)));
    }
    await tx.execute(sql`insert into aggregate_marks (day) values (${next.day}::date)`);
    await tx.execute(sql`delete from aggregate_backfills where task = ${next.task} and day = ${next.day}::date`);
    return "done" as const;
  });
  return outcome ?? "busy";
}
