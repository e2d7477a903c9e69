import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { money } from "../columns";

/** True for an event received after its UTC month ended; immutable, so it can define a partial index. */
export const LATE_EVENT_PREDICATE = `(received_at at time zone 'UTC') >= date_trunc('month', "timestamp" at time zone 'UTC') + interval '1 month'`;

/** The fact table: one row per model call. `id` is the client's idempotency key (first write wins). */
export const events = pgTable(
  "events",
  {
    id: text("id").primaryKey(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    surface: text("surface").notNull(),
    plan: text("plan"),
    environment: text("environment").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    cacheReadTokens: integer("cache_read_tokens").notNull(),
    cacheWriteTokens: integer("cache_write_tokens").notNull(),
    reasoningTokens: integer("reasoning_tokens").notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    costSource: text("cost_source").notNull(),
    status: text("status").notNull(),
    latencyMs: integer("latency_ms"),
    user: text("user"),
    customer: text("customer"),
    team: text("team"),
    feature: text("feature"),
    workflow: text("workflow"),
    repo: text("repo"),
    branch: text("branch"),
    pr: integer("pr"),
    tool: text("tool"),
    agent: text("agent"),
    session: text("session"),
    trace: text("trace"),
    promptVersion: text("prompt_version"),
    billable: boolean("billable").notNull(),
    tags: jsonb("tags").$type<Record<string, string>>(),
  },
  (t) => [
    index("events_timestamp_idx").on(t.timestamp),
    // The weekly review ranks "top N by cost in a week": walk this index from the top, filter on time.
    index("events_list_cost_idx").on(t.listCostUsd.desc()),
    index("events_session_idx").on(t.session, t.timestamp).where(sql`${t.session} is not null`),
    index("events_repo_pr_idx").on(t.repo, t.pr, t.branch).where(sql`${t.repo} is not null`),
    // Events received after their month ended: the only candidates for a closed month's adjustments (lib/export).
    index("events_late_idx")
      .on(t.receivedAt)
      .where(sql`${sql.raw(LATE_EVENT_PREDICATE)}`),
  ],
);

/** The measures every daily rollup keeps per day and combination of its dimensions. */
const rollupMeasures = () => ({
  requests: bigint("requests", { mode: "number" }).notNull(),
  errors: bigint("errors", { mode: "number" }).notNull(),
  inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
  outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
  cacheReadTokens: bigint("cache_read_tokens", { mode: "number" }).notNull(),
  cacheWriteTokens: bigint("cache_write_tokens", { mode: "number" }).notNull(),
  reasoningTokens: bigint("reasoning_tokens", { mode: "number" }).notNull(),
  costUsd: money("cost_usd").notNull(),
  listCostUsd: money("list_cost_usd").notNull(),
});

/** The dimensions of the core rollup: the ones whose number of values does not grow with the traffic. */
const coreDims = () => ({
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  surface: text("surface").notNull(),
  plan: text("plan"),
  environment: text("environment").notNull(),
  team: text("team"),
  feature: text("feature"),
  workflow: text("workflow"),
  agent: text("agent"),
  billable: boolean("billable").notNull(),
  costSource: text("cost_source").notNull(),
});

/**
 * Daily rollups maintained in the same statement as the event insert (lib/spend/rollups.ts lists them), keyed
 * by day and a hash of their dimensions; month-range spend queries read the narrowest one that holds the
 * dimensions they group and filter by, not `events`. branch, pr, session and trace are in no rollup (their
 * cardinality approaches the event count). This widest one adds user, customer, repo, tool and prompt_version.
 */
export const eventRollupDaily = pgTable(
  "event_rollup_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    dimsKey: text("dims_key").notNull(),
    ...coreDims(),
    user: text("user"),
    customer: text("customer"),
    repo: text("repo"),
    tool: text("tool"),
    promptVersion: text("prompt_version"),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimsKey] })],
);

/** The core dimensions plus repo and tool (coding-agent spend), without the per-person and per-customer tags. */
export const eventRollupDailyRepoTool = pgTable(
  "event_rollup_daily_repo_tool",
  {
    day: date("day", { mode: "string" }).notNull(),
    dimsKey: text("dims_key").notNull(),
    ...coreDims(),
    repo: text("repo"),
    tool: text("tool"),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimsKey] })],
);

/** The core dimensions only: a few dozen rows per day whatever the traffic; the Overview reads this one. */
export const eventRollupDailyCore = pgTable(
  "event_rollup_daily_core",
  {
    day: date("day", { mode: "string" }).notNull(),
    dimsKey: text("dims_key").notNull(),
    ...coreDims(),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimsKey] })],
);
