/**
 * UTC calendar arithmetic. Values travel as `YYYY-MM-DD` strings (what the API, URLs and SQL take); the arithmetic
 * is done on epoch milliseconds of UTC midnights, and loops walk those numbers, never strings ("+010000-01" sorts
 * before "9999-12-31"). Every date a request may name lies in [MIN_YEAR, MAX_YEAR] (lib/dates/schemas.ts), so a few
 * periods either side still have four-digit years.
 */

export const DAY_MS = 86_400_000;
/** The years a date, month or week in a query may name (ingested event timestamps are validated on their own). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

export type PeriodInterval = "day" | "week" | "month";

/**
 * The most periods one query may span: a year of days, about five years of ISO weeks, ten years of months. A range
 * without an interval is bounded like months (ten years).
 */
export const MAX_PERIODS: Record<PeriodInterval, number> = { day: 366, week: 262, month: 120 };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch milliseconds of the day's UTC midnight. The string must be a calendar date (see `isCalendarDate`). */
export function dayMs(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a date: ${day}`);
  return utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** Date.UTC without its two-digit-year rule (years 0–99 would be read as 1900–1999). */
export function utc(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** `YYYY-MM-DD` of an instant (UTC). Throws for years outside 0–9999 instead of writing "+010000-01-01". */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`year ${year} is outside 0000–9999`);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** True when `day` is YYYY-MM-DD and names a real calendar day (any four-digit year). */
export function isCalendarDate(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(utc(y, mo, 0)).getUTCDate();
}

/** The UTC calendar day (`YYYY-MM-DD`) of an instant; by default, today. */
export function utcToday(now = new Date()): string {
  return formatDay(now.getTime());
}

export function addDays(day: string, n: number): string {
  return formatDay(dayMs(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both included (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

/** Monday of the ISO week holding `ms` (epoch of a UTC midnight). */
function mondayOf(ms: number): number {
  return ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
}

function firstOfMonth(ms: number): number {
  const d = new Date(ms);
  return utc(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function addMonthsMs(ms: number, n: number): number {
  const d = new Date(ms);
  return utc(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate());
}

/** The start (`YYYY-MM-DD`) of the day, ISO week (Monday) or calendar month holding `day`. */
export function periodStart(day: string, interval: PeriodInterval): string {
  const ms = dayMs(day);
  return formatDay(interval === "day" ? ms : interval === "week" ? mondayOf(ms) : firstOfMonth(ms));
}

/** How many days, ISO weeks or months the inclusive range touches; computed, not walked. */
export function periodCount(from: string, to: string, interval: PeriodInterval): number {
  const [a, b] = [dayMs(from), dayMs(to)];
  if (b < a) return 0;
  if (interval === "day") return Math.round((b - a) / DAY_MS) + 1;
  if (interval === "week") return Math.round((mondayOf(b) - mondayOf(a)) / (7 * DAY_MS)) + 1;
  const [da, db] = [new Date(a), new Date(b)];
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth() + 1;
}

/**
 * Why the range is too long for the interval (null when it is not): at most MAX_PERIODS[interval] periods; a range
 * without an interval is bounded like months.
 */
export function rangeProblem(from: string, to: string, interval: PeriodInterval | "none"): string | null {
  const unit = interval === "none" ? "month" : interval;
  const max = MAX_PERIODS[unit];
  if (periodCount(from, to, unit) <= max) return null;
  const what = interval === "none" ? `${max} months (${max / 12} years)` : `${max} ${unit}s`;
  return `the range spans more than ${what}${interval === "none" ? "" : ` at interval=${interval}`}; choose a shorter range or a longer interval`;
}

/**
 * Every period start of the inclusive range (ISO weeks start on Monday), so a chart shows empty periods as zero.
 * Refuses (RangeError) a range over MAX_PERIODS[interval] periods, before walking it.
 */
export function periodStarts(from: string, to: string, interval: PeriodInterval): string[] {
  const count = periodCount(from, to, interval);
  if (count > MAX_PERIODS[interval]) throw new RangeError(`${count} ${interval}s exceed the limit of ${MAX_PERIODS[interval]}`);
  const first = dayMs(periodStart(from, interval));
  return Array.from({ length: count }, (_, i) =>
    formatDay(interval === "day" ? first + i * DAY_MS : interval === "week" ? first + i * 7 * DAY_MS : addMonthsMs(first, i)),
  );
}
