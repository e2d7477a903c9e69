import Big from "big.js";
import { usdString } from "@/lib/money";

/** One subject's (a team, feature, model or user) totals for one UTC day. */
export interface DayStats {
  costUsd: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Cost per model that day. */
  models: Record<string, string>;
}

export type CauseCode = "retry_storm" | "new_model" | "cache_hit_drop" | "tokens_per_request_jump" | "request_count_jump";

export interface Cause {
  code: CauseCode;
  description: string;
}

export interface Anomaly {
  todayUsd: string;
  meanUsd: string;
  /** today / mean, two decimals; null when there was no spend in the trailing 7 days. */
  ratio: number | null;
  /** Every cause the data supports, most specific first; the first is the likely one. */
  causes: Cause[];
}

export interface AnomalyRules {
  /** Today must exceed this many times the trailing 7-day mean (default 3). */
  factor: number;
  /** And be at least this much, in USD (default 10): small amounts tripling is noise, not news. */
  floorUsd: number;
}

export const BASELINE_DAYS = 7;

const empty = (): DayStats => ({ costUsd: "0", requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, models: {} });

/**
 * Today's spend against the mean of the 7 days before it (days without spend count as 0). An anomaly when
 * today > factor × mean and today ≥ floor. The cause is read from the same numbers.
 */
export function detectAnomaly(today: DayStats, trailing: readonly DayStats[], rules: AnomalyRules): Anomaly | null {
  const todayUsd = new Big(today.costUsd);
  const baseline = trailing.reduce(sum, empty());
  const mean = new Big(baseline.costUsd).div(BASELINE_DAYS);
  if (todayUsd.lt(rules.floorUsd) || todayUsd.lte(mean.times(rules.factor))) return null;
  return {
    todayUsd: usdString(todayUsd),
    meanUsd: usdString(mean),
    ratio: mean.gt(0) ? Number(todayUsd.div(mean).toFixed(2)) : null,
    causes: likelyCauses(today, baseline),
  };
}

function likelyCauses(today: DayStats, baseline: DayStats): Cause[] {
  const causes: Cause[] = [];
  const meanRequests = baseline.requests / BASELINE_DAYS;
  const errorRate = (d: DayStats) => (d.requests > 0 ? d.errors / d.requests : 0);
  if (today.errors >= 10 && errorRate(today) >= 0.2 && errorRate(today) >= 3 * errorRate(baseline)) {
    causes.push({
      code: "retry_storm",
      description: `retry storm: ${today.errors} of ${today.requests} requests failed (${pct(errorRate(today))} vs ${pct(errorRate(baseline))} before)`,
    });
  }
  const todayCost = new Big(today.costUsd);
  const newModels = Object.entries(today.models).filter(([m, c]) => new Big(c).gt(0) && new Big(baseline.models[m] ?? "0").eq(0));
  const newCost = newModels.reduce((s, [, c]) => s.plus(c), new Big(0));
  if (newModels.length > 0 && todayCost.gt(0) && newCost.div(todayCost).gte(0.5)) {
    causes.push({
      code: "new_model",
      description: `new model: ${newModels.map(([m]) => m).join(", ")} (${pct(Number(newCost.div(todayCost)))} of today's spend, none in the 7 days before)`,
    });
  }
  const hitRate = (d: DayStats) => (d.inputTokens > 0 ? d.cacheReadTokens / d.inputTokens : 0);
  if (baseline.inputTokens > 0 && hitRate(baseline) >= 0.2 && hitRate(today) <= hitRate(baseline) / 2) {
    causes.push({ code: "cache_hit_drop", description: `cache hit rate dropped from ${pct(hitRate(baseline))} to ${pct(hitRate(today))}` });
  }
  const tpr = (d: DayStats) => (d.requests > 0 ? (d.inputTokens + d.outputTokens) / d.requests : 0);
  if (baseline.requests > 0 && today.requests > 0 && tpr(today) >= 2 * tpr(baseline)) {
    causes.push({
      code: "tokens_per_request_jump",
      description: `tokens per request jumped from ${Math.round(tpr(baseline))} to ${Math.round(tpr(today))}`,
    });
  }
  if (today.requests >= 2 * meanRequests && today.requests > meanRequests) {
    causes.push({
      code: "request_count_jump",
      description:
        meanRequests > 0
          ? `request count jumped: ${today.requests} today vs ${meanRequests.toFixed(1)} a day before`
          : `${today.requests} requests today, none in the 7 days before`,
    });
  }
  return causes;
}

function sum(a: DayStats, b: DayStats): DayStats {
  const models = { ...a.models };
  for (const [m, c] of Object.entries(b.models)) models[m] = new Big(models[m] ?? "0").plus(c).toFixed();
  return {
    costUsd: new Big(a.costUsd).plus(b.costUsd).toFixed(),
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    models,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)} %`;
}
