import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { type Dimension, dimensionSpec, STORED_DIMENSIONS } from "../../lib/dimensions/registry";
import { ROLLUPS, type Rollup, type RollupName } from "../../lib/dimensions/rollups";
import { money } from "../columns";

/** True for an event received after its UTC month ended; immutable, so it can define a partial index. */
export const LATE_EVENT_PREDICATE = `(received_at at time zone 'UTC') >= date_trunc('month', "timestamp" at time zone 'UTC') + interval '1 month'`;

/**
 * The fact table: one row per model call, partitioned by month on `timestamp` (`events_YYYY_MM`, plus `events_default`
 * for a month without its own partition; lib/partitions). `id` is the client's idempotency key (first write wins): a
 * partitioned table's unique keys must include the partition key, so the key is (id, timestamp) and `event_ids` keeps
 * an id unique across months. Drizzle cannot declare `partition by`: migration 0025 creates the table.
 */
export const events = pgTable(
  "events",
  {
    id: text("id").notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    cacheReadTokens: integer("cache_read_tokens").notNull(),
    cacheWriteTokens: integer("cache_write_tokens").notNull(),
    reasoningTokens: integer("reasoning_tokens").notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    status: text("status").notNull(),
    latencyMs: integer("latency_ms"),
    ...dimensionColumns(STORED_DIMENSIONS),
    tags: jsonb("tags").$type<Record<string, string>>(),
    /**
     * The coding-tool source that wrote the event (`cursor`, `copilot`, `claude-code`; lib/coding-tools), null for the
     * ingest API, OpenTelemetry and gateways. A sync replaces its own events of a day, never anyone else's.
     */
    syncSource: text("sync_source"),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.timestamp] }),
    index("events_timestamp_idx").on(t.timestamp),
    // The weekly review ranks "top N by cost in a week": walk this index from the top, filter on time.
    index("events_list_cost_idx").on(t.listCostUsd.desc()),
    index("events_session_idx").on(t.session, t.timestamp).where(sql`${t.session} is not null`),
    index("events_repo_pr_idx").on(t.repo, t.pr, t.branch).where(sql`${t.repo} is not null`),
    index("events_sync_source_idx").on(t.syncSource, t.timestamp).where(sql`${t.syncSource} is not null`),
    // Events received after their month ended: the only candidates for a closed month's adjustments (lib/export).
    index("events_late_idx")
      .on(t.receivedAt)
      .where(sql`${sql.raw(LATE_EVENT_PREDICATE)}`),
  ],
);

/**
 * Every event id ever stored, with its month: the idempotency key across the partitions of `events`. Ingest claims an
 * id here first (`on conflict do nothing`) and stores only the events whose ids it claimed, so the same id sent with
 * two different months is a duplicate. Retention deletes the ids of the months it drops.
 */
export const eventIds = pgTable("event_ids", {
  id: text("id").primaryKey(),
  month: date("month", { mode: "string" }).notNull(),
});

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

type Camel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
function camel<S extends string>(s: S): Camel<S> {
  return s.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) as Camel<S>;
}

/** Columns for `dims` (camel-cased keys, like every other column's), typed and NOT NULL as the registry declares them. */
function dimensionColumns<D extends Dimension>(dims: readonly D[]) {
  const column = (d: D) => {
    const { type, notNull } = dimensionSpec(d);
    const c = type === "boolean" ? boolean(d) : type === "integer" ? integer(d) : text(d);
    return notNull ? c.notNull() : c;
  };
  return Object.fromEntries(dims.map((d) => [camel(d), column(d)])) as { [K in D as Camel<K>]: ReturnType<typeof column> };
}

/**
 * A daily rollup maintained in the same statement as the event insert (lib/dimensions/rollups.ts lists them), keyed
 * by day and a hash of its dimensions (the registry says which it holds); month-range queries read the narrowest
 * one that holds the dimensions they group and filter by, not `events`. branch, pr, session and trace are in no
 * rollup (their cardinality approaches the event count).
 */
function rollupTableOf(name: RollupName) {
  const rollup = ROLLUPS.find((r) => r.name === name) as Rollup;
  return pgTable(
    rollup.table,
    {
      day: date("day", { mode: "string" }).notNull(),
      dimsKey: text("dims_key").notNull(),
      ...dimensionColumns(rollup.dims),
      ...rollupMeasures(),
    },
    (t) => [
      primaryKey({ columns: [t.day, t.dimsKey] }),
      // Effective cost with named seats reads the plan rows of a range, resolved (lib/effective/allocation.ts).
      ...(name === "wide" ? [index(`${rollup.table}_plan_day_idx`).on(t.day).where(sql`plan is not null`)] : []),
    ],
  );
}

/** The widest: the core dimensions plus user, customer, repo, tool and prompt_version. */
export const eventRollupDaily = rollupTableOf("wide");

/** The core dimensions plus repo and tool (coding-agent spend), without the per-person and per-customer tags. */
export const eventRollupDailyRepoTool = rollupTableOf("repo_tool");

/** The core dimensions only: a few dozen rows per day whatever the traffic; the Overview reads this one. */
export const eventRollupDailyCore = rollupTableOf("core");

/**
 * The wide rollup summed by month (`day` is the month's first day), for the days of the month up to `through` in
 * `rollup_monthly_state`: a month of per-person and per-customer groups in one row each instead of one per day. Kept
 * by the fold (lib/aggregates/monthly.ts) from the daily rows; read only where no mark says a covered day changed.
 */
export const eventRollupMonthly = pgTable(
  "event_rollup_monthly",
  {
    day: date("day", { mode: "string" }).notNull(),
    dimsKey: text("dims_key").notNull(),
    ...dimensionColumns((ROLLUPS.find((r) => r.name === "wide") as Rollup).dims),
    ...rollupMeasures(),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimsKey] })],
);

/** Per month: the last day `event_rollup_monthly` sums (the month's days before today, at the last fold). */
export const rollupMonthlyState = pgTable("rollup_monthly_state", {
  month: date("month", { mode: "string" }).primaryKey(),
  through: date("through", { mode: "string" }).notNull(),
});
