import type { BudgetPeriod } from "@/db/schema/budgets";
import { DAY_MS, dayMs, formatDay, periodStart, utcToday } from "@/lib/dates/calendar";
import { monthOfDay, monthRange } from "@/lib/dates/months";

export const BUDGET_PERIODS = ["day", "week", "month"] as const satisfies readonly BudgetPeriod[];

export interface PeriodBounds {
  /** First instant of the period (inclusive), UTC. */
  start: Date;
  /** First instant of the next period (exclusive), UTC. */
  end: Date;
  /** `YYYY-MM-DD` of the first and last day: the inclusive range spend queries take. */
  startDate: string;
  lastDate: string;
}

/** The UTC period containing `now`: a day, an ISO week (Monday to Sunday) or a calendar month. */
export function periodBounds(period: BudgetPeriod, now: Date): PeriodBounds {
  const startDate = periodStart(utcToday(now), period);
  const start = dayMs(startDate);
  const end = period === "day" ? start + DAY_MS : period === "week" ? start + 7 * DAY_MS : monthRange(monthOfDay(startDate)).end.getTime();
  return { start: new Date(start), end: new Date(end), startDate, lastDate: formatDay(end - DAY_MS) };
}
