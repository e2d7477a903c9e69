import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Helicone's Settings (lib/gateways/helicone-settings.ts): the webhook's HMAC key and, for enrichment, an API key. */
export interface HeliconeOptions {
  /** Helicone custom property → Burnrate field (`team`, `customer`, `feature`, …, `session`); the rest become tags. */
  properties?: Record<string, string>;
}

/**
 * Secrets and options of the integrations Burnrate receives from but does not sync (one row per integration:
 * `helicone`), and of where it sends to (`alerts`: the global alert webhook, lib/alerts/destination.ts): sealed like
 * provider keys (AES-256-GCM under BURNRATE_SECRET), a hint of each kept readable.
 */
export const integrationSettings = pgTable("integration_settings", {
  integration: text("integration").$type<"helicone" | "alerts">().primaryKey(),
  encryptedSecret: text("encrypted_secret"),
  secretHint: text("secret_hint"),
  encryptedApiKey: text("encrypted_api_key"),
  apiKeyHint: text("api_key_hint"),
  options: jsonb("options").$type<HeliconeOptions>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The first arrival of every provider response id a gateway delivered (lib/gateways/cross-path.ts): the same provider
 * call arriving through a second gateway (a LiteLLM proxy that also runs its OpenMeter callback, Helicone behind
 * LiteLLM) gets a different event id, so only this id tells. The primary key arbitrates between gateways racing; the
 * later arrival from another gateway is stored and flagged with the first one's event id (its `tags.duplicate_of`),
 * and noted here (`duplicate_*`, the latest such arrival). Only gateway calls are written here, so `events` keeps no
 * extra index and ingest through `/api/v1/events` pays nothing.
 */
export const gatewayResponseIds = pgTable(
  "gateway_response_ids",
  {
    responseId: text("response_id").primaryKey(),
    /** `litellm`, `helicone`, `openmeter`: the gateway that delivered it first. */
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
    duplicateSource: text("duplicate_source"),
    duplicateEventId: text("duplicate_event_id"),
    duplicateAt: timestamp("duplicate_at", { withTimezone: true }),
  },
  (t) => [index("gateway_response_ids_duplicates_idx").on(t.duplicateAt).where(sql`${t.duplicateAt} is not null`)],
);
