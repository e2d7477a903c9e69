import { sql } from "drizzle-orm";
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money } from "../columns";

export type CustomerTier = "free" | "trial" | "paid" | "internal";
export type QuotaMetric = "tokens" | "requests" | "cost_usd";

/**
 * A customer of the product the organisation sells: `external_id` is the value its events carry in `customer`.
 * Revenue is entered per month (one figure, the same every month) or imported from a CSV in Settings → Customers.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    tier: text("tier").$type<CustomerTier>().notNull(),
    monthlyRevenueUsd: money("monthly_revenue_usd").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customers_external_id_idx").on(t.externalId),
    check("customers_tier_known", sql`${t.tier} in ('free', 'trial', 'paid', 'internal')`),
    check("customers_revenue_not_negative", sql`${t.monthlyRevenueUsd} >= 0`),
  ],
);

/**
 * An entitlement per calendar month (UTC): a limit on tokens (input + output), requests or dollars (`cost_usd`) of the
 * customer's billable production usage, optionally of one feature only. `feature` '' = all features, so the
 * unique index holds (a null would not collide).
 */
export const customerQuotas = pgTable(
  "customer_quotas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    metric: text("metric").$type<QuotaMetric>().notNull(),
    feature: text("feature").notNull().default(""),
    limit: money("limit").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customer_quotas_unique_idx").on(t.customerId, t.metric, t.feature),
    check("customer_quotas_metric_known", sql`${t.metric} in ('tokens', 'requests', 'cost_usd')`),
    check("customer_quotas_limit_positive", sql`${t.limit} > 0`),
  ],
);
