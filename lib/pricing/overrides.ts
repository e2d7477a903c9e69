import "server-only";
import type { DbOrTx } from "@/db/client";
import { priceOverrides } from "@/db/schema";
import type { PriceOverrideCard } from "./override-price";

const TTL_MS = 30_000;

interface CacheEntry {
  loadedAt: number;
  generation: number;
  cards: Promise<PriceOverrideCard[]>;
}

const cache = new WeakMap<DbOrTx, CacheEntry>();
let generation = 0;

export function loadPriceOverrides(db: DbOrTx): Promise<PriceOverrideCard[]> {
  return db
    .select({
      provider: priceOverrides.provider,
      model: priceOverrides.model,
      effectiveFrom: priceOverrides.effectiveFrom,
      inputMtok: priceOverrides.inputMtok,
      outputMtok: priceOverrides.outputMtok,
      cacheReadMtok: priceOverrides.cacheReadMtok,
      cacheWriteMtok: priceOverrides.cacheWriteMtok,
    })
    .from(priceOverrides);
}

/**
 * Override cards, cached in this process for 30 s. The same array is returned while cached, which lets
 * `priceEvent` reuse its index of the cards. Other instances see a change within the TTL.
 */
export function getPriceOverrides(db: DbOrTx): Promise<PriceOverrideCard[]> {
  const now = Date.now();
  const hit = cache.get(db);
  if (hit && hit.generation === generation && now - hit.loadedAt < TTL_MS) return hit.cards;
  const entry: CacheEntry = { loadedAt: now, generation, cards: loadPriceOverrides(db) };
  cache.set(db, entry);
  entry.cards.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return entry.cards;
}

/** Call after writing override cards. */
export function invalidatePriceOverrides(): void {
  generation += 1;
}
