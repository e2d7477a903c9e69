import "server-only";
import type { DbOrTx } from "@/db";
import { priceOverrides } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import type { PriceOverrideCard } from "./override-price";

const TTL_MS = 30_000;

interface CacheEntry {
  loadedAt: number;
  generation: number;
  cards: Promise<PriceOverrideCard[]>;
}

const cache = new WeakMap<DbOrTx, CacheEntry>();
let generation = 0;

export function loadPriceOverrides(ctx: Ctx): Promise<PriceOverrideCard[]> {
  return ctx.db
    .select({
      provider: priceOverrides.provider,
      model: priceOverrides.model,
      effectiveFrom: priceOverrides.effectiveFrom,
      inputMtok: priceOverrides.inputMtok,
      outputMtok: priceOverrides.outputMtok,
      cacheReadMtok: priceOverrides.cacheReadMtok,
      cacheWriteMtok: priceOverrides.cacheWriteMtok,
      asModel: priceOverrides.asModel,
      multiplier: priceOverrides.multiplier,
    })
    .from(priceOverrides);
}

/**
 * Override cards, cached in this process for 30 s. The same array is returned while cached, which lets
 * `priceEvent` reuse its index of the cards. Other instances see a change within the TTL.
 */
export function getPriceOverrides(ctx: Ctx): Promise<PriceOverrideCard[]> {
  const now = Date.now();
  const hit = cache.get(ctx.db);
  if (hit && hit.generation === generation && now - hit.loadedAt < TTL_MS) return hit.cards;
  const entry: CacheEntry = { loadedAt: now, generation, cards: loadPriceOverrides(ctx) };
  cache.set(ctx.db, entry);
  entry.cards.catch(() => {
    if (cache.get(ctx.db) === entry) cache.delete(ctx.db);
  });
  return entry.cards;
}

/** Call after writing override cards. */
export function invalidatePriceOverrides(): void {
  generation += 1;
}
