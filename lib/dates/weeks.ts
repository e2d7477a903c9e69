import { DAY_MS, formatDay, utc } from "./calendar";

/** ISO weeks (Monday first, UTC) as `YYYY-Www`. */

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const WEEK_MS = 7 * DAY_MS;

/** The Monday (UTC midnight) of ISO week 1 of `year`: the week holding 4 January. */
function week1Monday(year: number): number {
  const jan4 = utc(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

export function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / WEEK_MS);
}

/** True when `value` is `YYYY-Www` and the week exists (W53 only in long years); any four-digit year. */
export function isWeekOfYear(value: string): boolean {
  const m = WEEK_RE.exec(value);
  if (!m) return false;
  const week = Number(m[2]);
  return week >= 1 && week <= weeksInYear(Number(m[1]));
}

/** The ISO week that holds the instant `d`. */
export function isoWeekOf(d: Date): string {
  const day = utc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  // The week's Thursday decides its year.
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - week1Monday(year)) / WEEK_MS) + 1;
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** `[start, end)` of the week, and its Monday and Sunday as `YYYY-MM-DD`. */
export function weekRange(week: string): { start: Date; end: Date; firstDay: string; lastDay: string } {
  const m = WEEK_RE.exec(week);
  if (!m || !isWeekOfYear(week)) throw new RangeError(`not an ISO week: ${week}`);
  const start = week1Monday(Number(m[1])) + (Number(m[2]) - 1) * WEEK_MS;
  return {
    start: new Date(start),
    end: new Date(start + WEEK_MS),
    firstDay: formatDay(start),
    lastDay: formatDay(start + 6 * DAY_MS),
  };
}

export function addWeeks(week: string, n: number): string {
  return isoWeekOf(new Date(weekRange(week).start.getTime() + n * WEEK_MS));
}
