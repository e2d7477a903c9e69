import Big from "big.js";
import type { QuotaMetric } from "@/db/schema/customers";
import { usdString } from "@/lib/money";

export interface Usage {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
}

export interface Margin {
  margin_usd: string;
  /** Margin ÷ revenue × 100, one decimal, rounded half-even; null without revenue (a margin % of nothing means nothing). */
  margin_percent: string | null;
}

/** Gross margin of a month: revenue − AI cost to serve, exact. */
export function grossMargin(revenueUsd: string, costUsd: string): Margin {
  const revenue = new Big(revenueUsd);
  const margin = revenue.minus(costUsd);
  return {
    margin_usd: usdString(margin),
    margin_percent: revenue.eq(0) ? null : margin.div(revenue).times(100).round(1, Big.roundHalfEven).toFixed(1),
  };
}

/** A quota's measure of usage: tokens (input + output), requests, or dollars (exact decimal string). */
export function quotaUsed(metric: QuotaMetric, u: Usage): string {
  if (metric === "requests") return String(u.requests);
  if (metric === "tokens") return String(u.input_tokens + u.output_tokens);
  return usdString(new Big(u.cost_usd));
}

/** Whole percent of the limit used, rounded down (99.99 % is not yet 100 %), like a budget's percent. */
export function quotaPercent(used: string, limit: string): number {
  return Number(new Big(used).times(100).div(limit).round(0, Big.roundDown).toFixed(0));
}

/** The thresholds a quota has reached: used × 100 ≥ limit × threshold, compared exactly. */
export function reachedThresholds(used: string, limit: string, thresholds: readonly number[]): number[] {
  return thresholds.filter((t) => new Big(used).times(100).gte(new Big(limit).times(t)));
}

/** A limit as it reads in JSON: whole numbers for tokens and requests, an exact decimal string for dollars. */
export function limitValue(metric: QuotaMetric, limit: string): string {
  return metric === "cost_usd" ? usdString(new Big(limit)) : new Big(limit).toFixed(0);
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    requests: a.requests + b.requests,
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cost_usd: usdString(new Big(a.cost_usd).plus(b.cost_usd)),
  };
}

export const ZERO_USAGE: Usage = { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: "0.0000000000" };
