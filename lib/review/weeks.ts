/** ISO weeks (Monday first, UTC) as `YYYY-Www`. */

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** The Monday (UTC midnight) of ISO week 1 of `year`: the week holding 4 January. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

export function isIsoWeek(value: string): boolean {
  const m = WEEK_RE.exec(value);
  if (!m) return false;
  const [year, week] = [Number(m[1]), Number(m[2])];
  return week >= 1 && week <= weeksInYear(year);
}

function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / (7 * DAY_MS));
}

/** The ISO week that holds the instant `d`. */
export function isoWeekOf(d: Date): string {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  // The week's Thursday decides its year.
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - week1Monday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** `[start, end)` of the week, and its Monday and Sunday as `YYYY-MM-DD`. */
export function weekRange(week: string): { start: Date; end: Date; firstDay: string; lastDay: string } {
  const m = WEEK_RE.exec(week);
  if (!m || !isIsoWeek(week)) throw new Error(`not an ISO week: ${week}`);
  const start = week1Monday(Number(m[1])) + (Number(m[2]) - 1) * 7 * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start: new Date(start), end: new Date(start + 7 * DAY_MS), firstDay: iso(start), lastDay: iso(start + 6 * DAY_MS) };
}

export function addWeeks(week: string, n: number): string {
  return isoWeekOf(new Date(weekRange(week).start.getTime() + n * 7 * DAY_MS));
}
