import { addDays, type PeriodInterval } from "@/lib/dates/calendar";
import { monthOfDay, monthRange } from "@/lib/dates/months";

/** The range a chart covers (inclusive, YYYY-MM-DD) and the UTC day it is drawn on. */
export interface ChartPeriod {
  from: string;
  to: string;
  today: string;
}

/** What a partial bucket holds: the days of its period the chart covers, and whether its last day is still running. */
export interface PartialBucket {
  start: string;
  end: string;
  /** The covered days (the period clipped to the range and to today); `from > to` for a period not begun. */
  from: string;
  to: string;
  running: boolean;
}

/** The last day of the day, ISO week or calendar month starting at `start`. */
export function periodEnd(start: string, interval: PeriodInterval): string {
  if (interval === "day") return start;
  if (interval === "week") return addDays(start, 6);
  return monthRange(monthOfDay(start)).lastDay;
}

/** The days of the bucket the range covers, clipped to the range (not to today): where a drill-down from it goes. */
export function bucketRange(start: string, interval: PeriodInterval, period: Pick<ChartPeriod, "from" | "to">) {
  const end = periodEnd(start, interval);
  return { from: later(start, period.from), to: earlier(end, period.to) };
}

/**
 * Whether the bucket starting at `start` is a partial period, from the bounds alone (never from the data, so a
 * quiet day is not mistaken for a cut one): the range starts after the period does, ends before it does, or the
 * period has not ended yet (today is running). Null for a whole period.
 */
export function partialBucket(start: string, interval: PeriodInterval, period: ChartPeriod): PartialBucket | null {
  const end = periodEnd(start, interval);
  const { from, to: clipped } = bucketRange(start, interval, period);
  const to = earlier(clipped, period.today);
  const running = period.today >= start && period.today <= end && period.to >= period.today;
  if (from === start && to === end && !running) return null;
  return { start, end, from, to, running };
}

// ISO dates order as text.
const earlier = (a: string, b: string) => (a <= b ? a : b);
const later = (a: string, b: string) => (a >= b ? a : b);
