import { bigint, date, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { money } from "../columns";

/**
 * Per-session totals of one UTC calendar month (`month` is its first day), maintained by ingest in the same
 * statement as the event insert, so "the most expensive sessions this month" reads a few index entries instead of
 * every call. A session that spans two months has a row in each, with the calls of that month.
 */
export const sessionMonthly = pgTable(
  "session_monthly",
  {
    month: date("month", { mode: "string" }).notNull(),
    session: text("session").notNull(),
    requests: bigint("requests", { mode: "number" }).notNull(),
    costUsd: money("cost_usd").notNull(),
    listCostUsd: money("list_cost_usd").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
    /** The smallest non-null value among the session's calls (as `min()` over them). */
    user: text("user"),
    agent: text("agent"),
    repo: text("repo"),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.session] }),
    index("session_monthly_cost_idx").on(t.month, t.costUsd.desc(), t.listCostUsd.desc(), t.session),
  ],
);

/** Per month: how many sessions had calls, and what those calls cost (maintained with `session_monthly`). */
export const sessionMonthlyTotals = pgTable("session_monthly_totals", {
  month: date("month", { mode: "string" }).primaryKey(),
  sessions: bigint("sessions", { mode: "number" }).notNull(),
  requests: bigint("requests", { mode: "number" }).notNull(),
  costUsd: money("cost_usd").notNull(),
  listCostUsd: money("list_cost_usd").notNull(),
});
