/** Calendar months in UTC, as `YYYY-MM` strings. */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

function parts(month: string): [number, number] {
  const m = MONTH_RE.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  return [Number(m[1]), Number(m[2])];
}

/** The first instant of the month. */
export function monthStart(month: string): Date {
  const [y, m] = parts(month);
  return new Date(Date.UTC(y, m - 1, 1));
}

/** The month `delta` months after (or before) `month`. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = parts(month);
  return monthOf(new Date(Date.UTC(y, m - 1 + delta, 1)));
}

export function monthOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** `[start, end)` of the month as instants, and its first and last day as `YYYY-MM-DD`. */
export function monthRange(month: string): { start: Date; end: Date; firstDay: string; lastDay: string } {
  const start = monthStart(month);
  const end = monthStart(addMonths(month, 1));
  return { start, end, firstDay: iso(start), lastDay: iso(new Date(end.getTime() - 86_400_000)) };
}

/** A month can be closed once it has ended. */
export function monthEnded(month: string, now: Date): boolean {
  return monthStart(addMonths(month, 1)).getTime() <= now.getTime();
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
