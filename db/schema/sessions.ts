import { bigint, date, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { money } from "../columns";

/**
 * Per-session totals of one closed UTC day, so "sessions this month" reads one row per session-day instead of
 * every call. Derived from `events`; `session_daily_days` records how many events the day had when it was
 * computed, and a day whose rollup count has moved since (late or out-of-order events) is computed again.
 */
export const sessionDaily = pgTable(
  "session_daily",
  {
    day: date("day").notNull(),
    session: text("session").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    user: text("user"),
    agent: text("agent"),
    repo: text("repo"),
  },
  (t) => [primaryKey({ columns: [t.day, t.session] })],
);

export const sessionDailyDays = pgTable("session_daily_days", {
  day: date("day").primaryKey(),
  /** The day's event count (from the rollup) in the snapshot the sessions were computed from. */
  requests: bigint("requests", { mode: "number" }).notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
});
