import { bigint, date, index, jsonb, numeric, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { money } from "../columns";

/**
 * Days whose events changed since the screen aggregates were last folded (lib/aggregates/fold.ts): every statement
 * that writes events (ingest, a coding tool's day, a reprice) adds one row per day it touched, in the same
 * statement, so a mark is visible exactly when its events are. Insert-only; the fold deletes the rows it read.
 */
export const aggregateMarks = pgTable("aggregate_marks", {
  day: date("day", { mode: "string" }).notNull(),
});

/**
 * The weekly review's candidates of one ISO week (`YYYY-Www`), as the fold computed them from that week's events:
 * the top requests and sessions by list cost with the facts their reasons are worded from (lib/review/reasons.ts).
 */
export const reviewWeekItems = pgTable(
  "review_week_items",
  {
    week: text("week").notNull(),
    kind: text("kind", { enum: ["request", "session"] }).notNull(),
    itemId: text("item_id").notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    model: text("model"),
    feature: text("feature"),
    session: text("session"),
    facts: jsonb("facts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.week, t.kind, t.itemId] })],
);

/** Per week: cache writes in sessions that never read from cache, by feature, workflow and model (cache economics). */
export const reviewWeekUnreadWrites = pgTable(
  "review_week_unread_writes",
  {
    week: text("week").notNull(),
    feature: text("feature"),
    workflow: text("workflow"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    unreadWriteTokens: bigint("unread_write_tokens", { mode: "number" }).notNull(),
  },
  (t) => [index("review_week_unread_writes_week_idx").on(t.week)],
);

/** A workload's day and key (lib/surfaces/workload-stats.ts KEY; '' for a missing project, tool or plan). */
const workloadKey = () => ({
  day: date("day", { mode: "string" }).notNull(),
  project: text("project").notNull(),
  tool: text("tool").notNull(),
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  surface: text("surface").notNull(),
  plan: text("plan").notNull(),
});

/**
 * One workload (project × tool × model on one surface; '' for a missing project, tool or plan) on one UTC day, with
 * what the Surfaces classifier needs from its calls. Everything adds across days except the timing, which keeps the
 * day's edges: the first and last call, the bursts that start inside the day, and the gaps between one actor's calls
 * inside the day and across the midnight before it (joined from `workload_actor_edges` when either day is folded).
 */
export const workloadDaily = pgTable(
  "workload_daily",
  {
    ...workloadKey(),
    requests: bigint("requests", { mode: "number" }).notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    customerCalls: bigint("customer_calls", { mode: "number" }).notNull(),
    /** The distinct named users of the day, sorted. */
    users: text("users").array().notNull(),
    offHours: bigint("off_hours", { mode: "number" }).notNull(),
    night: bigint("night", { mode: "number" }).notNull(),
    weekend: bigint("weekend", { mode: "number" }).notNull(),
    dailyTotals: bigint("daily_totals", { mode: "number" }).notNull(),
    inputSum: numeric("input_sum").notNull(),
    inputSumSq: numeric("input_sum_sq").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    /** Gaps (seconds) between an actor's consecutive calls of the day of at most the burst gap, and the human pauses among them. */
    shortGaps: bigint("short_gaps", { mode: "number" }).notNull(),
    pauses: bigint("pauses", { mode: "number" }).notNull(),
    gapSum: numeric("gap_sum").notNull(),
    gapSumSq: numeric("gap_sum_sq").notNull(),
    /** The same for the gaps into the day: an actor's first call of the day after its last call of the day before. */
    crossShortGaps: bigint("cross_short_gaps", { mode: "number" }).notNull().default(0),
    crossPauses: bigint("cross_pauses", { mode: "number" }).notNull().default(0),
    crossGapSum: numeric("cross_gap_sum").notNull().default("0"),
    crossGapSumSq: numeric("cross_gap_sum_sq").notNull().default("0"),
    /** Calls more than the burst gap after the previous call of the same day: bursts starting inside the day. */
    innerStarts: bigint("inner_starts", { mode: "number" }).notNull(),
    firstInnerStart: timestamp("first_inner_start", { withTimezone: true }),
    lastInnerStart: timestamp("last_inner_start", { withTimezone: true }),
    /** Seconds between consecutive inner starts. */
    innerIntervalSum: numeric("inner_interval_sum").notNull(),
    innerIntervalSumSq: numeric("inner_interval_sum_sq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.project, t.tool, t.provider, t.model, t.surface, t.plan] })],
);

/**
 * An actor's (session, else user) first call of a day when it falls within the burst gap after midnight, and its last
 * when within the burst gap before the next: the only calls whose gap to a call of another day can be short.
 */
export const workloadActorEdges = pgTable(
  "workload_actor_edges",
  {
    ...workloadKey(),
    actor: text("actor").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }),
    lastAt: timestamp("last_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.day, t.project, t.tool, t.provider, t.model, t.surface, t.plan, t.actor] })],
);

/**
 * Work a migration queued instead of doing it (lib/aggregates/backfill.ts): one row per task and day, e.g.
 * `rekey:wide` (recompute a rollup's keys after a dimension joined it) or `rebuild:repo_tool` (sum a new rollup's day
 * from the events). The fold job works through them a day per transaction, so no migration holds a lock on events
 * for longer than it takes to create a table.
 */
export const aggregateBackfills = pgTable(
  "aggregate_backfills",
  {
    task: text("task").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.task, t.day] })],
);
