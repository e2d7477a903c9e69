import Big from "big.js";
import { normalizeModelId } from "./model-id";
import type { Tokens } from "./tokens";

/**
 * A price card from Settings, effective from a UTC date: its own prices (decimal strings in USD per million tokens),
 * or the catalog's price of `asModel` (default: the event's own model) × `multiplier`.
 */
export interface PriceOverrideCard {
  provider: string;
  model: string;
  /** YYYY-MM-DD, UTC. */
  effectiveFrom: string;
  inputMtok: string | null;
  outputMtok: string | null;
  cacheReadMtok: string | null;
  cacheWriteMtok: string | null;
  asModel?: string | null;
  multiplier?: string | null;
}

export type PreparedCard =
  | { kind: "prices"; effectiveFrom: string; input: Big; output: Big; cacheRead: Big; cacheWrite: Big }
  | { kind: "catalog"; effectiveFrom: string; asModel: string | null; multiplier: Big };

function prepare(card: PriceOverrideCard): PreparedCard {
  if (card.multiplier !== null && card.multiplier !== undefined) {
    return { kind: "catalog", effectiveFrom: card.effectiveFrom, asModel: card.asModel ?? null, multiplier: new Big(card.multiplier) };
  }
  const input = new Big(card.inputMtok ?? 0);
  return {
    kind: "prices",
    effectiveFrom: card.effectiveFrom,
    input,
    output: new Big(card.outputMtok ?? 0),
    cacheRead: card.cacheReadMtok === null ? input : new Big(card.cacheReadMtok),
    cacheWrite: card.cacheWriteMtok === null ? input : new Big(card.cacheWriteMtok),
  };
}

/** Exact models by `provider\nmodel`; patterns (`*` matches any run of characters) per provider, most specific first. */
interface CardIndex {
  exact: Map<string, PreparedCard[]>;
  patterns: Map<string, { pattern: string; test: RegExp; cards: PreparedCard[] }[]>;
}

const PER_TOKEN = new Big("0.000001");
const indexes = new WeakMap<readonly PriceOverrideCard[], CardIndex>();

const providerKey = (provider: string) => provider.trim().toLowerCase();
const cardKey = (provider: string, model: string) => `${providerKey(provider)}\n${normalizeModelId(model)}`;

/** Whether a card's model is a pattern: `ft:gpt-4.1-mini:*` prices every fine-tune of gpt-4.1-mini. */
export const isModelPattern = (model: string) => model.includes("*");

/** A pattern as a whole-id, case-insensitive test of a normalized model id. */
export function patternTest(pattern: string): RegExp {
  const body = normalizeModelId(pattern)
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

function buildIndex(cards: readonly PriceOverrideCard[]): CardIndex {
  const index: CardIndex = { exact: new Map(), patterns: new Map() };
  for (const card of cards) {
    const prepared = prepare(card);
    if (isModelPattern(card.model)) {
      const list = index.patterns.get(providerKey(card.provider)) ?? [];
      const pattern = normalizeModelId(card.model);
      const group = list.find((g) => g.pattern === pattern);
      if (group) group.cards.push(prepared);
      else list.push({ pattern, test: patternTest(card.model), cards: [prepared] });
      index.patterns.set(providerKey(card.provider), list);
      continue;
    }
    const key = cardKey(card.provider, card.model);
    const list = index.exact.get(key);
    if (list) list.push(prepared);
    else index.exact.set(key, [prepared]);
  }
  const newestFirst = (a: PreparedCard, b: PreparedCard) => b.effectiveFrom.localeCompare(a.effectiveFrom);
  for (const list of index.exact.values()) list.sort(newestFirst);
  for (const groups of index.patterns.values()) {
    for (const g of groups) g.cards.sort(newestFirst);
    // The most specific pattern first: the one with the most fixed characters.
    groups.sort(
      (a, b) => b.pattern.replaceAll("*", "").length - a.pattern.replaceAll("*", "").length || a.pattern.localeCompare(b.pattern),
    );
  }
  return index;
}

/**
 * The card for this provider and model on `utcDate` (YYYY-MM-DD): the exact model's latest card effective by then,
 * else the most specific matching pattern's (`ft:gpt-4.1-mini:*`).
 */
export function findOverride(cards: readonly PriceOverrideCard[], provider: string, model: string, utcDate: string): PreparedCard | null {
  if (cards.length === 0) return null;
  let index = indexes.get(cards);
  if (!index) {
    index = buildIndex(cards);
    indexes.set(cards, index);
  }
  const exact = index.exact.get(cardKey(provider, model))?.find((card) => card.effectiveFrom <= utcDate);
  if (exact) return exact;
  const groups = index.patterns.get(providerKey(provider));
  if (!groups) return null;
  const id = normalizeModelId(model);
  for (const g of groups) {
    if (!g.test.test(id)) continue;
    const card = g.cards.find((c) => c.effectiveFrom <= utcDate);
    if (card) return card;
  }
  return null;
}

/** Exact decimal price of a card with its own prices; a missing cache price falls back to its input price. */
export function overridePrice(card: Extract<PreparedCard, { kind: "prices" }>, tokens: Tokens): Big {
  const uncached = tokens.inputTokens - tokens.cacheReadTokens - tokens.cacheWriteTokens;
  return card.input
    .times(uncached)
    .plus(card.cacheRead.times(tokens.cacheReadTokens))
    .plus(card.cacheWrite.times(tokens.cacheWriteTokens))
    .plus(card.output.times(tokens.outputTokens))
    .times(PER_TOKEN);
}

/** Whether a card for `cardProvider`/`cardModel` (exact or a pattern) applies to this provider and model on some date. */
export function cardMatches(cardProvider: string, cardModel: string, provider: string, model: string): boolean {
  if (providerKey(cardProvider) !== providerKey(provider)) return false;
  return isModelPattern(cardModel)
    ? patternTest(cardModel).test(normalizeModelId(model))
    : normalizeModelId(cardModel) === normalizeModelId(model);
}
