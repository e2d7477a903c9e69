import Big from "big.js";
import { normalizeModelId } from "./model-id";
import type { Tokens } from "./tokens";

/** A price card from Settings: decimal strings in USD per million tokens, effective from a UTC date. */
export interface PriceOverrideCard {
  provider: string;
  model: string;
  /** YYYY-MM-DD, UTC. */
  effectiveFrom: string;
  inputMtok: string;
  outputMtok: string;
  cacheReadMtok: string | null;
  cacheWriteMtok: string | null;
}

interface PreparedCard {
  effectiveFrom: string;
  input: Big;
  output: Big;
  cacheRead: Big;
  cacheWrite: Big;
}

type CardIndex = Map<string, PreparedCard[]>;

const PER_TOKEN = new Big("0.000001");
const indexes = new WeakMap<readonly PriceOverrideCard[], CardIndex>();

const cardKey = (provider: string, model: string) => `${provider.trim().toLowerCase()}\n${normalizeModelId(model)}`;

function buildIndex(cards: readonly PriceOverrideCard[]): CardIndex {
  const index: CardIndex = new Map();
  for (const card of cards) {
    const input = new Big(card.inputMtok);
    const prepared: PreparedCard = {
      effectiveFrom: card.effectiveFrom,
      input,
      output: new Big(card.outputMtok),
      cacheRead: card.cacheReadMtok === null ? input : new Big(card.cacheReadMtok),
      cacheWrite: card.cacheWriteMtok === null ? input : new Big(card.cacheWriteMtok),
    };
    const key = cardKey(card.provider, card.model);
    const list = index.get(key);
    if (list) list.push(prepared);
    else index.set(key, [prepared]);
  }
  for (const list of index.values()) list.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return index;
}

/** The card with the latest `effectiveFrom` on or before `utcDate` (YYYY-MM-DD) for this provider and model. */
export function findOverride(cards: readonly PriceOverrideCard[], provider: string, model: string, utcDate: string): PreparedCard | null {
  if (cards.length === 0) return null;
  let index = indexes.get(cards);
  if (!index) {
    index = buildIndex(cards);
    indexes.set(cards, index);
  }
  return index.get(cardKey(provider, model))?.find((card) => card.effectiveFrom <= utcDate) ?? null;
}

/** Exact decimal price; a missing cache price on the card falls back to its input price. */
export function overridePrice(card: PreparedCard, tokens: Tokens): Big {
  const uncached = tokens.inputTokens - tokens.cacheReadTokens - tokens.cacheWriteTokens;
  return card.input
    .times(uncached)
    .plus(card.cacheRead.times(tokens.cacheReadTokens))
    .plus(card.cacheWrite.times(tokens.cacheWriteTokens))
    .plus(card.output.times(tokens.outputTokens))
    .times(PER_TOKEN);
}
