import "server-only";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { HOLD_EVENT_PARTITIONS } from "@/db/snapshot";
import { addDays } from "@/lib/dates/calendar";
import { isoWeekOf, weekRange } from "@/lib/dates/weeks";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { foldUnreadWrites } from "@/lib/review/economics";
import { foldReviewWeek } from "@/lib/review/list-items";
import { foldCrossMidnight, foldWorkloadDay } from "@/lib/surfaces/workload-daily";
import { foldMonthly } from "./monthly";

/**
 * The screen aggregates that cannot be summed at ingest (medians, top-N, gaps between calls) are folded in behind a
 * watermark: every statement that writes events marks the days it touched (`aggregate_marks`, lib/ingest/aggregates-sql.ts),
 * and the fold recomputes those days (Surfaces' workload rows), their ISO weeks (the weekly review) from the
 * events, and their months' monthly rollup rows (lib/aggregates/monthly.ts) from the daily ones. It runs on the evaluation interval (lib/jobs/jobs.ts), so a screen shows an event one interval after it
 * arrived at the latest.
 *
 * Each round is one REPEATABLE READ transaction: the marks it deletes and the events it reads come from one snapshot,
 * and a mark commits with its events, so a round sees a day's mark exactly when it sees the events behind it. A write
 * that commits during the round leaves a mark the round cannot see, for the next one. The round holds the partitions
 * of events from before its snapshot (HOLD_EVENT_PARTITIONS), so partition upkeep never moves rows under it. One fold
 * at a time (a transaction-scoped advisory lock; another caller returns at once).
 */
const FOLD_LOCK = 7_250_511;

/** Days folded per transaction: a backfill's many days go in rounds, each short enough not to hold a snapshot for long. */
const DAYS_PER_ROUND = 7;

export interface FoldResult {
  days: number;
  weeks: number;
  /** Months whose monthly rollup rows were summed again (lib/aggregates/monthly.ts). */
  months: number;
  /** False when another fold held the lock: nothing was done. */
  ran: boolean;
}

/**
 * Folds every marked day (in rounds); returns what it did. With retention (`keepFrom`, the period's first month:
 * BURNRATE_RETENTION_MONTHS by default), a day before the period, or an ISO week that starts before it, is never
 * recomputed — its raw events are gone, so a refold would wipe what was folded from them; its mark is just removed.
 */
export async function foldAggregates(db: Db, opts: { maxRounds?: number; keepFrom?: string | null } = {}): Promise<FoldResult> {
  const keepFrom = opts.keepFrom === undefined ? retentionKeepFrom() : opts.keepFrom;
  const kept = (day: string) => keepFrom === null || day >= keepFrom;
  const result: FoldResult = { days: 0, weeks: 0, months: 0, ran: true };
  // Each day at most once per call: a day marked again while this call runs (ingest goes on) is the next call's, one
  // interval later. Refolding it round after round would keep the fold busy for as long as ingest is.
  const folded: string[] = [];
  for (let round = 0; round < (opts.maxRounds ?? Number.POSITIVE_INFINITY); round++) {
    const done = await db.transaction(
      async (tx) => {
        await tx.execute(sql.raw(HOLD_EVENT_PARTITIONS));
        const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`);
        if (!lock?.locked) return null;
        const days = (
          await queryRows<{ day: string }>(
            tx,
            sql`select distinct day::text as day from aggregate_marks where day <> all(${`{${folded.join(",")}}`}::date[]) order by 1 limit ${DAYS_PER_ROUND}`,
          )
        ).map((r) => r.day);
        if (days.length === 0 && folded.length > 0) return { days: 0, weeks: 0, months: 0, folded: [] };
        if (days.length === 0) {
          // Nothing written since: only a day that ended grows this month's (and, on the 1st, last month's) monthly rows.
          const months = await foldMonthly(tx, []);
          return { days: 0, weeks: 0, months: months.length, folded: [] };
        }
        await tx.execute(
          sql`delete from aggregate_marks where day in (${sql.join(
            days.map((d) => sql`${d}::date`),
            sql`, `,
          )})`,
        );
        const live = days.filter(kept);
        for (const day of live) await foldWorkloadDay(tx, day);
        for (const day of new Set(live.flatMap((d) => [d, addDays(d, 1)]))) await foldCrossMidnight(tx, day);
        const weeks = [...new Set(live.map((d) => isoWeekOf(new Date(`${d}T00:00:00Z`))))].filter((w) => kept(weekRange(w).firstDay));
        for (const week of weeks) {
          await foldReviewWeek(tx, week);
          await foldUnreadWrites(tx, week);
        }
        const months = await foldMonthly(tx, days);
        return { days: days.length, weeks: weeks.length, months: months.length, folded: days };
      },
      { isolationLevel: "repeatable read" },
    );
    if (done === null) return { ...result, ran: result.days > 0 };
    folded.push(...done.folded);
    result.days += done.days;
    result.weeks += done.weeks;
    result.months += done.months;
    if (done.days === 0) break;
  }
  return result;
}
