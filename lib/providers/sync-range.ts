const DAY = 86_400_000;
const HOUR = 3_600_000;

/** First connection: the last 90 days (BURNRATE_SYNC_BACKFILL_DAYS). */
export const BACKFILL_DAYS = 90;
/** Every later run re-reads the last 3 days: both providers revise recent buckets as late usage lands. */
export const OVERLAP_DAYS = 3;

export const startOfUtcDay = (t: number) => Math.floor(t / DAY) * DAY;

/**
 * What a run reads for a provider: from the day start 90 days back (never synced) or 3 days before where the last
 * successful run reached, to the end of the current hour (usage) and of the current day (costs, daily only).
 * Day-aligned starts keep the first bucket whole (a misaligned start gets a partial first bucket).
 */
export function syncRange(now: Date, syncedTo: Date | null, backfillDays = BACKFILL_DAYS): { from: Date; usageTo: Date; costTo: Date } {
  const t = now.getTime();
  const from = syncedTo ? startOfUtcDay(Math.min(syncedTo.getTime(), t) - OVERLAP_DAYS * DAY) : startOfUtcDay(t) - backfillDays * DAY;
  return { from: new Date(from), usageTo: new Date(Math.ceil((t + 1) / HOUR) * HOUR), costTo: new Date(startOfUtcDay(t) + DAY) };
}
