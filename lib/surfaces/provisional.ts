/** Below this many days of data in the current month, its verdicts are marked provisional. */
export const PROVISIONAL_DAYS = 14;

/**
 * The days of `month` with data so far when the month is the current one and has fewer than PROVISIONAL_DAYS of them
 * (the classifier reads a month's timing and users: a few days are too few to judge a workload by), else null.
 * `through` is the last day counted (lib/surfaces/queries.ts).
 */
export function provisionalDays(month: string, through: string, currentMonth: string): number | null {
  if (month !== currentMonth) return null;
  const days = Number(through.slice(8, 10));
  return days < PROVISIONAL_DAYS ? days : null;
}
