import "server-only";
import { AppError } from "@/lib/errors";
import { retentionKeepFrom } from "@/lib/partitions/partitions";

/**
 * When `month` (YYYY-MM) lies before the retention period (BURNRATE_RETENTION_MONTHS), the period's first month
 * (YYYY-MM-01): the month's raw events are removed (or will be by the job runner's next run). Its daily rollups,
 * its close and its totals stay, so the daily files can still be built; the per-event files cannot. Null otherwise.
 */
export function rawEventsRemovedBefore(month: string, now = new Date()): string | null {
  const keepFrom = retentionKeepFrom(now);
  return keepFrom !== null && `${month}-01` < keepFrom ? keepFrom : null;
}

/** The per-event export of a month whose raw events retention removed: 410 `raw_events_removed`, naming what is left. */
export function assertRawEventsKept(month: string, now = new Date()): void {
  const keepFrom = rawEventsRemovedBefore(month, now);
  if (keepFrom === null) return;
  throw new AppError(
    "raw_events_removed",
    `The raw events of ${month} were removed by retention (BURNRATE_RETENTION_MONTHS keeps ${keepFrom.slice(0, 7)} onwards), so it has no per-event export any more. The daily file (granularity=day), built from the daily rollups, is still available.`,
  );
}
