import Big from "big.js";
import { usdFromDecimal, usdString } from "@/lib/money";

export interface BudgetProjection {
  /** Of the amount, two decimals, rounded down. */
  percent: number;
  remainingUsd: string;
  /** Spend at the period's end: spent so far plus the robust daily rate for the time left (see `projectBudget`). */
  forecastUsd: string;
  /** `YYYY-MM-DD` (UTC) on which spend is projected to reach 100 %; null when already over or not within this period. */
  projectedExceedDate: string | null;
}

/** How the forecast is computed, in words (the screens show it on hover). */
export const FORECAST_EXPLAINED =
  "Spent so far, plus the median daily spend of the last 14 days for the days left: a one-day spike does not carry forward.";

/** Full days the robust rate looks back over (before today, across the period's start). */
export const RATE_DAYS = 14;

/**
 * The robust daily rate: the median of the daily spend over the last RATE_DAYS full UTC days before today — from the
 * first of them with any spend, days without spend counting as 0. A one-day spike is one value among many, so it does
 * not carry forward, and a period's first day already has a rate from the days before it. Undefined when none of
 * those days had spend (nothing to read a rate from: the projection falls back to the period's own average).
 */
export function robustDailyRate(daily: readonly { day: string; usd: string }[], yesterday: string): string | undefined {
  const spent = daily.filter((d) => new Big(d.usd).gt(0)).sort((a, b) => (a.day < b.day ? -1 : 1));
  const first = spent[0];
  if (!first) return undefined;
  const days = Math.round((Date.parse(`${yesterday}T00:00:00Z`) - Date.parse(`${first.day}T00:00:00Z`)) / 86_400_000) + 1;
  const values = [...spent.map((d) => new Big(d.usd)), ...Array.from({ length: Math.max(0, days - spent.length) }, () => new Big(0))].sort(
    (a, b) => a.cmp(b),
  );
  const mid = Math.floor(values.length / 2);
  const median = values.length % 2 === 1 ? (values[mid] as Big) : (values[mid - 1] as Big).plus(values[mid] as Big).div(2);
  return median.toString();
}

/**
 * A period's projection: spent so far, plus `dailyRateUsd` (robustDailyRate) for the time left, and the day that
 * reaches the amount at that rate. Without a rate (no history to read) the average rate since the period started is
 * carried to its end. Money stays exact (big.js); only the percent is a number, for display and the check API.
 */
export function projectBudget(input: {
  spentUsd: string;
  amountUsd: string;
  start: Date;
  end: Date;
  now: Date;
  dailyRateUsd?: string;
}): BudgetProjection {
  const spent = new Big(input.spentUsd);
  const amount = new Big(input.amountUsd);
  const total = input.end.getTime() - input.start.getTime();
  const elapsed = Math.min(Math.max(input.now.getTime() - input.start.getTime(), 0), total);
  // Rounded down, so 100 means the amount is really reached (99.999 % shows as 99.99, never 100).
  const percent = amount.gt(0) ? Number(spent.times(100).div(amount).toFixed(2, Big.roundDown)) : 0;
  const remaining = amount.minus(spent);
  // Spend per millisecond from now on.
  const rate =
    input.dailyRateUsd !== undefined ? new Big(input.dailyRateUsd).div(86_400_000) : elapsed > 0 ? spent.div(elapsed) : new Big(0);
  const forecast = spent.plus(rate.times(total - elapsed));
  let projectedExceedDate: string | null = null;
  if (amount.gt(0) && spent.lt(amount) && rate.gt(0) && forecast.gte(amount)) {
    const t = Number(remaining.div(rate).toFixed(0, Big.roundUp));
    projectedExceedDate = new Date(input.start.getTime() + elapsed + t).toISOString().slice(0, 10);
  }
  return {
    percent,
    remainingUsd: usdString(remaining.lt(0) ? new Big(0) : remaining),
    forecastUsd: usdFromDecimal(forecast),
    projectedExceedDate,
  };
}
