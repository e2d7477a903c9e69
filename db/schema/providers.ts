import { sql } from "drizzle-orm";
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

/** The usage/cost APIs (OpenAI, Anthropic) and the coding tools' admin APIs (lib/coding-tools). */
export type ProviderName = "openai" | "anthropic" | CodingToolSource;
/** Claude Code Analytics reads with the Anthropic admin key; Cursor and Copilot have keys of their own. */
export type CodingToolSource = "claude-code" | "cursor" | "copilot";

/** An admin key stored from Settings → Providers: AES-256-GCM with a key derived from BURNRATE_SECRET, never shown again. */
export const providerConnections = pgTable("provider_connections", {
  provider: text("provider").$type<ProviderName>().primaryKey(),
  encryptedKey: text("encrypted_key").notNull(),
  /** The key's last four characters, so an admin can tell which key is stored. */
  keyHint: text("key_hint").notNull(),
  baseUrl: text("base_url"),
  /** The account the key reads (GitHub Copilot: the organization login); null where the key alone decides. */
  account: text("account"),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Where each provider's sync has reached: the next run re-reads from `synced_to` minus the overlap window. */
export const providerSyncState = pgTable("provider_sync_state", {
  provider: text("provider").$type<ProviderName>().primaryKey(),
  syncedTo: timestamp("synced_to", { withTimezone: true }).notNull(),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }).notNull(),
});

/**
 * Token usage as the provider reports it, hourly, in our token convention (input includes cache reads and writes).
 * Dimensions the provider leaves null are '' (a primary key cannot hold NULL): `project` is the OpenAI project or
 * the Anthropic workspace ('' = default workspace), `api_key` '' = no key (Console / Workbench).
 */
export const providerUsage = pgTable(
  "provider_usage",
  {
    provider: text("provider").$type<ProviderName>().notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    model: text("model").notNull(),
    project: text("project").notNull(),
    apiKey: text("api_key").notNull(),
    /** OpenAI's num_model_requests; Anthropic's report has no request count (0). */
    requests: bigint("requests", { mode: "number" }).notNull(),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
    cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull(),
    cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.bucketStart, t.model, t.project, t.apiKey] })],
);

/** The bill: daily cost line items in USD (OpenAI dollars, Anthropic cents / 100), `model` '' when the line names none. */
export const providerCosts = pgTable(
  "provider_costs",
  {
    provider: text("provider").$type<ProviderName>().notNull(),
    day: date("day", { mode: "string" }).notNull(),
    lineItem: text("line_item").notNull(),
    project: text("project").notNull(),
    apiKey: text("api_key").notNull(),
    model: text("model").notNull(),
    costUsd: money("cost_usd").notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.day, t.lineItem, t.project, t.apiKey] }), index("provider_costs_day_idx").on(t.day)],
);

export interface ProviderRunResult {
  provider: ProviderName;
  from: string;
  to: string;
  usageRows: number;
  costRows: number;
  pages: number;
  /** 0..1 while running. */
  progress: number;
  status: "running" | "ok" | "failed" | "skipped";
  error?: string;
  /** Coding tools: the vendor's seats as synced into their plan. */
  seats?: { plan: string; seats: number; holders: number; unmapped: number };
  /** Claude Code: Analytics usage lines left out because OpenTelemetry already reported that actor's day. */
  skippedOverlap?: number;
}

/**
 * One sync run. At most one row is `running` (a partial unique index): the lease that keeps runs one at a time
 * across app instances, whichever path started them (schedule, cron endpoint, Sync now).
 */
export const providerSyncRuns = pgTable(
  "provider_sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    trigger: text("trigger").$type<"schedule" | "cron" | "manual" | "connect">().notNull(),
    status: text("status").$type<"running" | "ok" | "partial" | "failed">().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    rows: integer("rows").notNull().default(0),
    providers: jsonb("providers").$type<ProviderRunResult[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex("provider_sync_runs_one_running_idx").on(t.status).where(sql`${t.status} = 'running'`),
    index("provider_sync_runs_started_idx").on(t.startedAt),
  ],
);
