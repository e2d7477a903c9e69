import { date, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../columns";

const perMtok = (name: string) => numeric(name, { precision: 20, scale: 10 });

/** Negotiated or custom prices (USD per million tokens), effective from a UTC date; they win over built-in prices. */
export const priceOverrides = pgTable(
  "price_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    inputMtok: perMtok("input_mtok").notNull(),
    outputMtok: perMtok("output_mtok").notNull(),
    cacheReadMtok: perMtok("cache_read_mtok"),
    cacheWriteMtok: perMtok("cache_write_mtok"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("price_overrides_model_from_idx").on(t.provider, t.model, t.effectiveFrom)],
);
