import type { BudgetPeriod } from "@/db/schema/budgets";

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

const DAY_MS = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The UTC period containing `now`: a day, an ISO week (Monday to Sunday) or a calendar month. */
export function periodBounds(period: BudgetPeriod, now: Date): PeriodBounds {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  let start: Date;
  let end: Date;
  if (period === "day") {
    start = new Date(Date.UTC(y, m, d));
    end = new Date(Date.UTC(y, m, d + 1));
  } else if (period === "week") {
    const sinceMonday = (now.getUTCDay() + 6) % 7;
    start = new Date(Date.UTC(y, m, d - sinceMonday));
    end = new Date(Date.UTC(y, m, d - sinceMonday + 7));
  } else {
    start = new Date(Date.UTC(y, m, 1));
    end = new Date(Date.UTC(y, m + 1, 1));
  }
  return { start, end, startDate: isoDate(start), lastDate: isoDate(new Date(end.getTime() - DAY_MS)) };
}
