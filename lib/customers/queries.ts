import "server-only";
import { asc, eq } from "drizzle-orm";
import { type CustomerTier, customerQuotas, customers, type QuotaMetric } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export interface Quota {
  id: string;
  metric: QuotaMetric;
  /** '' = all features. */
  feature: string;
  limit: string;
}

export interface Customer {
  id: string;
  externalId: string;
  name: string;
  tier: CustomerTier;
  monthlyRevenueUsd: string;
  updatedAt: Date;
  quotas: Quota[];
}

/** Every customer with its quotas, by name (no permission check: the evaluator and the report read them as the system). */
export async function allCustomers(ctx: Ctx): Promise<Customer[]> {
  const [rows, quotas] = await Promise.all([
    ctx.db
      .select({
        id: customers.id,
        externalId: customers.externalId,
        name: customers.name,
        tier: customers.tier,
        monthlyRevenueUsd: customers.monthlyRevenueUsd,
        updatedAt: customers.updatedAt,
      })
      .from(customers)
      .orderBy(asc(customers.name), asc(customers.externalId)),
    ctx.db
      .select({
        id: customerQuotas.id,
        customerId: customerQuotas.customerId,
        metric: customerQuotas.metric,
        feature: customerQuotas.feature,
        limit: customerQuotas.limit,
      })
      .from(customerQuotas)
      .orderBy(asc(customerQuotas.metric), asc(customerQuotas.feature)),
  ]);
  return rows.map((c) => ({
    ...c,
    quotas: quotas.filter((q) => q.customerId === c.id).map(({ customerId: _, ...q }) => q),
  }));
}

/** Settings → Customers: every customer with its quotas and revenue (finance and admins). */
export async function listCustomers(ctx: Ctx): Promise<Customer[]> {
  assertCan(ctx.actor, "customers:revenue");
  return allCustomers(ctx);
}

/** The customer whose events carry `externalId`, with its quotas; null when none is registered. */
export async function customerByExternalId(ctx: Ctx, externalId: string): Promise<Customer | null> {
  const [row] = await ctx.db
    .select({
      id: customers.id,
      externalId: customers.externalId,
      name: customers.name,
      tier: customers.tier,
      monthlyRevenueUsd: customers.monthlyRevenueUsd,
      updatedAt: customers.updatedAt,
    })
    .from(customers)
    .where(eq(customers.externalId, externalId));
  if (!row) return null;
  const quotas = await ctx.db
    .select({ id: customerQuotas.id, metric: customerQuotas.metric, feature: customerQuotas.feature, limit: customerQuotas.limit })
    .from(customerQuotas)
    .where(eq(customerQuotas.customerId, row.id))
    .orderBy(asc(customerQuotas.metric), asc(customerQuotas.feature));
  return { ...row, quotas };
}
