import Big from "big.js";
import { formatCount, formatUsd } from "@/lib/format";
import { REVIEW_RULES as R } from "./rules";

export interface RequestFacts {
  model: string;
  feature: string | null;
  listCostUsd: string;
  medianListCostUsd: string | null;
  peers: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  status: string;
  similarCalls: number;
  loopCalls: number;
  sessionErrors: number;
  user?: string | null;
  repo?: string | null;
}

export interface SessionFacts {
  listCostUsd: string;
  medianListCostUsd: string | null;
  peers: number;
  requests: number;
  durationMs: number;
  loopCalls: number;
  errors: number;
  uncachedLargeCalls: number;
  /** The session's most frequent `user` and `repo`. */
  user?: string | null;
  repo?: string | null;
}

const multiple = (cost: string, median: string | null, peers: number): number | null => {
  if (median === null || peers < R.minPeers || new Big(median).lte(0)) return null;
  const m = new Big(cost).div(median).toNumber();
  return m >= R.medianMultiple ? m : null;
};

const exact = (n: number) => n.toLocaleString("en-US");
/** Beyond 100× the exact multiple says nothing a reader can use ("1754× the median"): it is capped in words. */
const times = (m: number) => (m > 100 ? "over 100×" : `${m >= 10 ? Math.round(m) : m.toFixed(1)}×`);

/** Why a request stands out, in words; empty when it is only expensive. */
export function requestReasons(f: RequestFacts): string[] {
  const reasons: string[] = [];
  const m = multiple(f.listCostUsd, f.medianListCostUsd, f.peers);
  if (m !== null)
    reasons.push(
      `${times(m)} the median cost of ${f.model} calls${f.feature ? ` for ${f.feature}` : ""} this week (${formatUsd(f.medianListCostUsd as string, { precise: true })})`,
    );
  if (f.inputTokens >= R.hugeInputTokens) reasons.push(`huge context: ${exact(f.inputTokens)} input tokens`);
  if (f.outputTokens >= R.longOutputTokens) reasons.push(`long output: ${exact(f.outputTokens)} tokens`);
  if (f.cacheReadTokens === 0 && f.inputTokens >= R.cacheableInputTokens && f.similarCalls >= R.repeatedCalls)
    reasons.push(`no cache use on a repeated prompt: ${f.similarCalls} similar calls this week, this one read nothing from cache`);
  if (f.loopCalls >= R.loopCalls) reasons.push(`loop: ${f.loopCalls} near-identical calls in its session`);
  if (f.status === "error") reasons.push("the call failed");
  if (f.sessionErrors >= R.retryErrors) reasons.push(`retry storm: ${f.sessionErrors} failed calls in its session`);
  return reasons;
}

/** Why a session stands out, in words. */
export function sessionReasons(f: SessionFacts): string[] {
  const reasons: string[] = [];
  const m = multiple(f.listCostUsd, f.medianListCostUsd, f.peers);
  if (m !== null) reasons.push(`${times(m)} the median session this week (${formatUsd(f.medianListCostUsd as string, { precise: true })})`);
  if (f.loopCalls >= R.loopCalls) reasons.push(`loop: ${f.loopCalls} near-identical calls`);
  if (f.errors >= R.retryErrors) reasons.push(`retry storm: ${f.errors} failed calls`);
  if (f.uncachedLargeCalls >= R.repeatedCalls)
    reasons.push(`no cache use: ${f.uncachedLargeCalls} calls of ${exact(R.cacheableInputTokens)}+ input tokens read nothing from cache`);
  if (f.requests >= 100) reasons.push(`${formatCount(f.requests)} calls in ${(f.durationMs / 3_600_000).toFixed(1)} h`);
  return reasons;
}
