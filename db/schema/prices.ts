import { sql } from "drizzle-orm";
import { check, date, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";

const perMtok = (name: string) => numeric(name, { precision: 20, scale: 10 });

/**
 * Negotiated or custom prices, effective from a UTC date; they win over built-in prices. A card either states its
 * prices (USD per million tokens), or prices from the catalog: `as_model`'s catalog price (default the event's own
 * model) × `multiplier` (a fine-tune at 2× its base, a negotiated 20 % off as 0.8).
 */
export const priceOverrides = pgTable(
  "price_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    inputMtok: perMtok("input_mtok"),
    outputMtok: perMtok("output_mtok"),
    cacheReadMtok: perMtok("cache_read_mtok"),
    cacheWriteMtok: perMtok("cache_write_mtok"),
    asModel: text("as_model"),
    multiplier: numeric("multiplier", { precision: 12, scale: 6 }),
    note: text("note"),
    /** Who added it: a member's email or an API key's label. */
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("price_overrides_model_from_idx").on(t.provider, t.model, t.effectiveFrom),
    check(
      "price_overrides_kind",
      sql`(${t.inputMtok} is not null and ${t.outputMtok} is not null and ${t.multiplier} is null and ${t.asModel} is null)
        or (${t.inputMtok} is null and ${t.outputMtok} is null and ${t.cacheReadMtok} is null and ${t.cacheWriteMtok} is null and ${t.multiplier} > 0)`,
    ),
  ],
);
