import Big from "big.js";
import { usdFromDecimal, usdString } from "@/lib/money";

export interface BudgetProjection {
  /** Of the amount, two decimals, rounded down. */
  percent: number;
  remainingUsd: string;
  /** Spend at the period's end if the rate so far continues (linear). */
  forecastUsd: string;
  /** `YYYY-MM-DD` (UTC) on which spend is projected to reach 100 %; null when already over or not within this period. */
  projectedExceedDate: string | null;
}

/**
 * Linear projection of a period's spend: the average rate since the period started, carried to its end.
 * Money stays exact (big.js); only the percent is a number, for display and the check API.
 */
export function projectBudget(input: { spentUsd: string; amountUsd: string; start: Date; end: Date; now: Date }): BudgetProjection {
  const spent = new Big(input.spentUsd);
  const amount = new Big(input.amountUsd);
  const total = input.end.getTime() - input.start.getTime();
  const elapsed = Math.min(Math.max(input.now.getTime() - input.start.getTime(), 0), total);
  // Rounded down, so 100 means the amount is really reached (99.999 % shows as 99.99, never 100).
  const percent = amount.gt(0) ? Number(spent.times(100).div(amount).toFixed(2, Big.roundDown)) : 0;
  const remaining = amount.minus(spent);
  const forecast = elapsed > 0 ? spent.times(total).div(elapsed) : spent;
  let projectedExceedDate: string | null = null;
  if (amount.gt(0) && spent.lt(amount) && elapsed > 0 && spent.gt(0) && forecast.gte(amount)) {
    // spent / elapsed = amount / t  →  t = amount × elapsed / spent
    const t = Number(amount.times(elapsed).div(spent).toFixed(0, Big.roundUp));
    projectedExceedDate = new Date(input.start.getTime() + t).toISOString().slice(0, 10);
  }
  return {
    percent,
    remainingUsd: usdString(remaining.lt(0) ? new Big(0) : remaining),
    forecastUsd: usdFromDecimal(forecast),
    projectedExceedDate,
  };
}
