import { DAY_MS, formatDay, utc } from "./calendar";

/** Calendar months in UTC, as `YYYY-MM` strings. */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parts(month: string): [number, number] {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  return [Number(m[1]), Number(m[2])];
}

export function monthOf(d: Date): string {
  return formatDay(d.getTime()).slice(0, 7);
}

/** The month holding the day: `2026-11-22` → `2026-11`. */
export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

/** The month's first day: `2026-11` → `2026-11-01`. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** The first day of the month holding the day: `2026-11-22` → `2026-11-01`. */
export function monthStartOf(day: string): string {
  return monthStart(monthOfDay(day));
}

/** The month `delta` months after (or before) `month`. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = parts(month);
  return formatDay(utc(y, m - 1 + delta, 1)).slice(0, 7);
}

/** `[start, end)` of the month as instants, and its first and last day as `YYYY-MM-DD`. */
export function monthRange(month: string): { start: Date; end: Date; firstDay: string; lastDay: string } {
  const [y, m] = parts(month);
  const start = utc(y, m - 1, 1);
  const end = utc(y, m, 1);
  return { start: new Date(start), end: new Date(end), firstDay: formatDay(start), lastDay: formatDay(end - DAY_MS) };
}

/** A month can be closed once it has ended. */
export function monthEnded(month: string, now: Date): boolean {
  return monthRange(month).end.getTime() <= now.getTime();
}
