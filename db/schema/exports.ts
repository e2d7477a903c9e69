import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { PlanTerms } from "./plans";

/** What a month's export held when finance closed it; `lib/export/month-summary.ts` defines the shape. */
export interface MonthSnapshot {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  /** The part of `cost_usd` that came from late events of earlier closed months. */
  adjustments_usd: string;
  /** The part of `cost_usd` that is plan fees (absent from months closed before plans existed: 0). */
  plan_fees_usd?: string;
  by_provider: { provider: string; requests: number; cost_usd: string }[];
  by_surface: { surface: string; requests: number; cost_usd: string }[];
}

/**
 * A closed month (`YYYY-MM`, UTC). Its export holds the events received up to `closed_at`; events received later
 * for it go to the next open month's export as adjustments. Reopening deletes the row (the audit log keeps both).
 */
export const monthCloses = pgTable("month_closes", {
  month: text("month").primaryKey(),
  closedAt: timestamp("closed_at", { withTimezone: true }).notNull(),
  closedBy: text("closed_by").notNull(),
  snapshot: jsonb("snapshot").$type<MonthSnapshot>().notNull(),
  /** The plans' terms at the close: the month's plan fees are computed from these, not from today's plans. */
  plans: jsonb("plans").$type<PlanTerms[]>().notNull().default([]),
});
