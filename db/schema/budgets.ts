import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

export type BudgetPeriod = "day" | "week" | "month";

/** An amount of metered spend (`cost_usd`) per UTC period over a filter of dimensions (empty = all spend). */
export const budgets = pgTable("budgets", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  amountUsd: money("amount_usd").notNull(),
  period: text("period").$type<BudgetPeriod>().notNull(),
  filters: jsonb("filters").$type<Record<string, string>>().notNull(),
  thresholds: integer("thresholds").array().notNull(),
  webhookUrl: text("webhook_url"),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
