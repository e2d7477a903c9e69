import { sql } from "drizzle-orm";
import { bigint, check, date, index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

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

export type RepriceState = "queued" | "running" | "done" | "failed";

/** What a reprice covers: every (provider, model) it walks, and the days holding their priced or unpriced events. */
export interface RepriceScopeSnapshot {
  pairs: { provider: string; model: string }[];
  days: string[];
}

/**
 * A reprice of stored events under today's price cards (lib/prices/reprice.ts). At most one is queued or running
 * (the partial unique index): that row is the run's slot across instances, its heartbeat shows it alive, and its
 * cursor (the last event done, in (timestamp, id) order) lets any instance resume it without applying a batch twice.
 */
export const repriceJobs = pgTable(
  "reprice_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    state: text("state").$type<RepriceState>().notNull(),
    requestedBy: text("requested_by").notNull(),
    filter: jsonb("filter").$type<{ provider?: string; model?: string }>().notNull(),
    scope: jsonb("scope").$type<RepriceScopeSnapshot>().notNull(),
    eventsTotal: bigint("events_total", { mode: "number" }).notNull(),
    eventsDone: bigint("events_done", { mode: "number" }).notNull().default(0),
    eventsChanged: bigint("events_changed", { mode: "number" }).notNull().default(0),
    costBeforeUsd: money("cost_before_usd").notNull().default("0"),
    costAfterUsd: money("cost_after_usd").notNull().default("0"),
    cursorTimestamp: timestamp("cursor_timestamp", { withTimezone: true }),
    cursorId: text("cursor_id"),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("reprice_jobs_one_active_idx").on(sql`(true)`).where(sql`${t.state} in ('queued', 'running')`),
    index("reprice_jobs_created_idx").on(t.createdAt),
  ],
);

/**
 * A repriced event of a month that was closed when it changed: its values before and after. A closed month's export
 * stays what the close froze (the values before the first change after the close), and the difference is an
 * adjustment of the next open month's export, as a late event is (lib/export).
 */
export const eventReprices = pgTable(
  "event_reprices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jobId: uuid("job_id").notNull(),
    eventId: text("event_id").notNull(),
    eventTimestamp: timestamp("event_timestamp", { withTimezone: true }).notNull(),
    repricedAt: timestamp("repriced_at", { withTimezone: true }).notNull().defaultNow(),
    oldCostUsd: money("old_cost_usd").notNull(),
    oldListCostUsd: money("old_list_cost_usd").notNull(),
    oldCostSource: text("old_cost_source").notNull(),
    newCostUsd: money("new_cost_usd").notNull(),
    newListCostUsd: money("new_list_cost_usd").notNull(),
    newCostSource: text("new_cost_source").notNull(),
  },
  (t) => [
    index("event_reprices_month_idx").on(t.eventTimestamp, t.repricedAt),
    index("event_reprices_event_idx").on(t.eventId, t.repricedAt),
  ],
);
