import { sql } from "drizzle-orm";
import { check, date, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

/**
 * A paid plan (ChatGPT / Claude subscription, IDE assistant seats): a fixed fee per seat per calendar month (UTC),
 * prorated by day over `start_date`..`end_date` (inclusive; no end = still running). Events name it in `plan`.
 */
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    /** The provider id events of this plan carry (`anthropic`, `openai`, `github`, …): its usage and its fee meet there. */
    vendor: text("vendor").notNull(),
    /** What people use through it: Claude Code, ChatGPT, Copilot, Cursor… */
    tool: text("tool"),
    seats: integer("seats").notNull(),
    feePerSeatUsd: money("fee_per_seat_usd").notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date"),
    /** Optional: requests a seat includes per month (the vendor's usage limit, where it publishes one). */
    includedRequestsPerSeat: integer("included_requests_per_seat"),
    /**
     * The coding-tool source that keeps this plan's seats and holders in step with the vendor (`cursor`, `copilot`,
     * `claude-code`); null for a plan typed by hand. At most one plan per source.
     */
    source: text("source"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("plans_source_idx").on(t.source).where(sql`${t.source} is not null`),
    check("plans_seats_positive", sql`${t.seats} > 0`),
    check("plans_fee_not_negative", sql`${t.feePerSeatUsd} >= 0`),
    check("plans_dates_ordered", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

/** A plan's terms as a closed month froze them (`month_closes.plans`): the fee lines of that month never change. */
export interface PlanTerms {
  name: string;
  vendor: string;
  tool: string | null;
  seats: number;
  fee_per_seat_usd: string;
  start_date: string;
  end_date: string | null;
  included_requests_per_seat: number | null;
}
