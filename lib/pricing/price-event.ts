import Big from "big.js";
import { utcToday } from "@/lib/dates/calendar";
import { usdFromDecimal } from "@/lib/money";
import { catalogCostUsd } from "./catalog";
import { findOverride, overridePrice, type PriceOverrideCard } from "./override-price";
import type { Tokens } from "./tokens";

export interface PriceInput {
  /** Lowercased: `openai`, `anthropic`, `google`, `mistral`, … */
  provider: string;
  model: string;
  timestamp: Date;
  tokens: Tokens;
}

export interface PriceResult {
  /** USD, exactly 10 fractional digits, e.g. "0.0303000000". */
  costUsd: string;
  source: "override" | "catalog";
}

/**
 * The list price of one event at its own timestamp: the latest applicable override card (its own prices, or a
 * catalog price × a multiplier), else the genai-prices catalog (dated, tiered, cache-aware). Null when neither knows
 * the model — never throws on unusual usage, so ingest can store the event as unpriced.
 */
export function priceEvent(input: PriceInput, overrides: readonly PriceOverrideCard[]): PriceResult | null {
  const { provider, model, timestamp, tokens } = input;
  if (Number.isNaN(timestamp.getTime())) return null;
  const card = overrides.length > 0 ? findOverride(overrides, provider, model, utcToday(timestamp)) : null;
  if (card?.kind === "prices") return { costUsd: usdFromDecimal(overridePrice(card, tokens)), source: "override" };
  if (card?.kind === "catalog") {
    // The catalog's price of the model the card names (a fine-tune's base), or of the event's own, × the multiplier.
    const base = catalogCostUsd(provider, card.asModel ?? model, timestamp, tokens);
    return base === null ? null : { costUsd: usdFromDecimal(new Big(base).times(card.multiplier)), source: "override" };
  }
  const costUsd = catalogCostUsd(provider, model, timestamp, tokens);
  return costUsd === null ? null : { costUsd, source: "catalog" };
}
