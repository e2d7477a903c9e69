import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

export type BudgetPeriod = "day" | "week" | "month";

/** How a budget measures spend (lib/effective/measures.ts). */
export type BudgetMeasure = "cost" | "effective" | "list";

/**
 * An amount of spend per UTC period over a filter of dimensions (empty = all spend), in a measure: metered
 * (`cost`, the default), effective (plan fees allocated) or list.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    amountUsd: money("amount_usd").notNull(),
    period: text("period").$type<BudgetPeriod>().notNull(),
    filters: jsonb("filters").$type<Record<string, string>>().notNull(),
    thresholds: integer("thresholds").array().notNull(),
    webhookUrl: text("webhook_url"),
    measure: text("measure").$type<BudgetMeasure>().notNull().default("cost"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("budgets_measure_known", sql`${t.measure} in ('cost', 'effective', 'list')`)],
);
