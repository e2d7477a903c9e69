import { calcPrice, type ModelInfo, type ModelPrice, type Provider, type Usage } from "@pydantic/genai-prices";
import { usdFromFloat } from "@/lib/money";
import { type DatedLinear, linearAt, linearCostUsd, toDatedLinear } from "./linear-price";
import { baseModelId, normalizeModelId, toCatalogProviderId } from "./model-id";
import type { Tokens } from "./tokens";

/** A catalog model resolved once, wrapped as a one-model provider so later `calcPrice` calls skip the model search. */
interface ResolvedModel {
  modelId: string;
  provider: Provider;
  /** The exact integer fast path's prices by date; null when the model needs the engine (time-of-day prices). */
  dated: DatedLinear[] | null;
}

/**
 * Price keys our usage can reach. Dropping the others (web searches, audio, images…) leaves every price
 * unchanged — their usage is always 0 — and makes `calcPrice` several times faster, since it validates every
 * pair of price keys on each call. `requests_kcount` stays: a per-request fee applies to every event.
 */
const USED_PRICE_KEYS = new Set([
  "input_mtok",
  "output_mtok",
  "cache_read_mtok",
  "cache_write_mtok",
  "output_reasoning_mtok",
  "requests_kcount",
]);

const MAX_RESOLVED = 10_000;
const resolved = new Map<string, ResolvedModel | null>();
const RESOLVE_AT = new Date("2026-01-01T00:00:00Z");

function usedPrices(prices: ModelPrice): ModelPrice {
  return Object.fromEntries(Object.entries(prices).filter(([key]) => USED_PRICE_KEYS.has(key)));
}

function usedModelPrices(prices: ModelInfo["prices"]): ModelInfo["prices"] {
  return Array.isArray(prices) ? prices.map((entry) => ({ ...entry, prices: usedPrices(entry.prices) })) : usedPrices(prices);
}

/** The namespaced id first (OpenRouter's `anthropic/claude-…` is a model of its own), then without the prefix. */
function candidateModelIds(model: string): string[] {
  const base = baseModelId(model);
  const normalized = normalizeModelId(model);
  return normalized === base ? [base] : [base, normalized];
}

function resolveModel(provider: string, model: string): ResolvedModel | null {
  const providerId = toCatalogProviderId(provider);
  for (const modelId of candidateModelIds(model)) {
    let found: ReturnType<typeof calcPrice>;
    try {
      found = calcPrice({}, modelId, { providerId, timestamp: RESOLVE_AT });
    } catch {
      continue;
    }
    if (!found) continue;
    const { provider: catalogProvider, model: info } = found;
    const prices = usedModelPrices(info.prices);
    return {
      modelId,
      dated: toDatedLinear(prices),
      provider: {
        id: catalogProvider.id,
        name: catalogProvider.name,
        api_pattern: catalogProvider.api_pattern,
        models: [{ id: info.id, match: { equals: modelId }, prices }],
      },
    };
  }
  return null;
}

function lookup(provider: string, model: string): ResolvedModel | null {
  const key = `${provider}\n${model}`;
  let entry = resolved.get(key);
  if (entry === undefined) {
    // Model ids come from callers; a bound keeps a stream of distinct junk ids from growing the map forever.
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    entry = resolveModel(provider, model);
    resolved.set(key, entry);
  }
  return entry;
}

/**
 * The genai-prices total in USD (a float) for one request at its own timestamp, or null when the model is
 * unknown or genai-prices rejects the usage. Tiers depend on this request's tokens, so only the model
 * lookup is memoised, never the price.
 */
export function catalogPrice(provider: string, model: string, timestamp: Date, tokens: Tokens): number | null {
  const entry = lookup(provider, model);
  if (!entry) return null;
  const usage: Usage = {
    input_tokens: tokens.inputTokens,
    output_tokens: tokens.outputTokens,
    cache_read_tokens: tokens.cacheReadTokens,
    cache_write_tokens: tokens.cacheWriteTokens,
    output_reasoning_tokens: tokens.reasoningTokens,
  };
  try {
    return calcPrice(usage, entry.modelId, { provider: entry.provider, timestamp })?.total_price ?? null;
  } catch {
    return null;
  }
}

/**
 * The list price (USD, 10 decimals) of one request at its own timestamp, or null when the model is unknown or
 * the usage is impossible. Flat prices take the exact integer path; tiers and time-of-day prices go through
 * genai-prices' engine.
 */
export function catalogCostUsd(provider: string, model: string, timestamp: Date, tokens: Tokens): string | null {
  const entry = lookup(provider, model);
  if (!entry) return null;
  if (entry.dated) {
    const { inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens, reasoningTokens } = tokens;
    const sane = cacheReadTokens + cacheWriteTokens <= inputTokens && reasoningTokens <= outputTokens;
    const linear = linearAt(entry.dated, timestamp.getTime());
    if (linear && sane && Math.min(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens) >= 0) {
      return linearCostUsd(linear, tokens);
    }
  }
  const total = catalogPrice(provider, model, timestamp, tokens);
  return total === null ? null : usdFromFloat(total);
}
