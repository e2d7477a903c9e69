import { utcToday } from "@/lib/dates/calendar";
import { centsToUsd, dim, int } from "../amounts";
import type { CostRow, UsageRow } from "../types";

/**
 * A messages usage item converted to our convention: Anthropic's `uncached_input_tokens` leaves out cache reads and
 * both cache-write lifetimes (nested under `cache_creation`), so input = uncached + read + 5m write + 1h write.
 */
export function usageRow(startingAt: string, r: Record<string, unknown>): UsageRow {
  const creation = (r.cache_creation ?? {}) as Record<string, unknown>;
  const cacheWrite =
    int(creation.ephemeral_5m_input_tokens, "ephemeral_5m_input_tokens") +
    int(creation.ephemeral_1h_input_tokens, "ephemeral_1h_input_tokens");
  const cacheRead = int(r.cache_read_input_tokens, "cache_read_input_tokens");
  return {
    bucketStart: new Date(startingAt),
    model: dim(r.model),
    project: dim(r.workspace_id),
    apiKey: dim(r.api_key_id),
    requests: 0,
    inputTokens: int(r.uncached_input_tokens, "uncached_input_tokens") + cacheRead + cacheWrite,
    outputTokens: int(r.output_tokens, "output_tokens"),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  };
}

/** A cost report item: `amount` is a decimal string in cents. The line is keyed by what the provider grouped it by. */
export function costRow(startingAt: string, r: Record<string, unknown>): CostRow | null {
  if (r.amount === undefined || r.amount === null) return null;
  const currency = typeof r.currency === "string" ? r.currency.toUpperCase() : "USD";
  if (currency !== "USD") throw new Error(`Anthropic reported a cost in ${currency}; only USD is supported`);
  const parts = [r.description, r.cost_type, r.model, r.token_type, r.context_window, r.service_tier, r.inference_geo].map(dim);
  return {
    day: utcToday(new Date(startingAt)),
    lineItem: parts.join("|"),
    project: dim(r.workspace_id),
    apiKey: "",
    model: dim(r.model),
    costUsd: centsToUsd(r.amount),
  };
}
