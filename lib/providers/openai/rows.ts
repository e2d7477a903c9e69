import { utcToday } from "@/lib/dates/calendar";
import { decimalAmount, dim, int } from "../amounts";
import type { CostRow, UsageRow } from "../types";

/**
 * A completions result in our convention. `input_tokens` already counts cached and cache-write tokens (the OpenAI
 * convention is ours); cache writes are only reported since 2026-07, so an absent field is 0.
 */
export function usageRow(startTime: number, r: Record<string, unknown>): UsageRow {
  return {
    bucketStart: new Date(startTime * 1000),
    model: dim(r.model),
    project: dim(r.project_id),
    apiKey: dim(r.api_key_id),
    requests: int(r.num_model_requests, "num_model_requests"),
    inputTokens: int(r.input_tokens, "input_tokens"),
    outputTokens: int(r.output_tokens, "output_tokens"),
    cacheReadTokens: int(r.input_cached_tokens, "input_cached_tokens"),
    cacheWriteTokens: int(r.input_cache_write_tokens, "input_cache_write_tokens"),
  };
}

// "gpt-4.1-mini-2025-04-14, input" names a model; "Web search tool calls" or "Image models" do not.
const MODEL_LINE = /^([a-z0-9][a-z0-9.:_-]*), (input|output|cached input|cache write|cached_input|batch input|batch output)\b/i;

/** The model a cost line item names, or '' for lines that are not per-model token charges. */
export function lineItemModel(lineItem: string): string {
  return MODEL_LINE.exec(lineItem.trim())?.[1] ?? "";
}

export function costRow(startTime: number, r: Record<string, unknown>): CostRow | null {
  const amount = (r.amount ?? {}) as { value?: unknown; currency?: unknown };
  if (amount.value === undefined || amount.value === null) return null;
  const currency = typeof amount.currency === "string" ? amount.currency.toLowerCase() : "usd";
  if (currency !== "usd") throw new Error(`OpenAI reported a cost in ${currency}; only USD is supported`);
  const lineItem = dim(r.line_item);
  return {
    day: utcToday(new Date(startTime * 1000)),
    lineItem,
    project: dim(r.project_id),
    apiKey: dim(r.api_key_id),
    model: lineItemModel(lineItem),
    costUsd: decimalAmount(amount.value),
  };
}
