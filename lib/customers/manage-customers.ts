import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { customerQuotas, customers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { CustomerInput, QuotaInput } from "./schemas";

const idTaken = (id: string) =>
  new AppError("conflict", `A customer with the id "${id}" already exists.`, [
    { path: "external_id", message: "Another customer has this id" },
  ]);

const columns = (c: CustomerInput) => ({
  externalId: c.external_id,
  name: c.name,
  tier: c.tier,
  monthlyRevenueUsd: c.monthly_revenue_usd,
});

function assertUuid(id: string, what: string): void {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", `No such ${what}.`);
}

/** Adds a customer (admin, finance): the id its events carry, a tier and the monthly revenue. */
export async function createCustomer(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, "customers:manage");
  const c = CustomerInput.parse(input);
  return withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .insert(customers)
      .values(columns(c))
      .onConflictDoNothing({ target: customers.externalId })
      .returning({ id: customers.id });
    if (!row) throw idTaken(c.external_id);
    await recordAudit(ctx, { action: "customer.created", target: c.external_id, details: summary(c) });
    return row;
  });
}

export async function updateCustomer(ctx: Ctx, id: string, input: unknown): Promise<void> {
  assertCan(ctx.actor, "customers:manage");
  const c = CustomerInput.parse(input);
  assertUuid(id, "customer");
  await withTransaction(ctx, async (ctx) => {
    const [clash] = await ctx.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.externalId, c.external_id), ne(customers.id, id)));
    if (clash) throw idTaken(c.external_id);
    const [row] = await ctx.db
      .update(customers)
      .set({ ...columns(c), updatedAt: sql`now()` })
      .where(eq(customers.id, id))
      .returning({ id: customers.id });
    if (!row) throw new AppError("not_found", "No such customer; it may have been deleted.");
    await recordAudit(ctx, { action: "customer.updated", target: c.external_id, details: summary(c) });
  });
}

/** Deletes a customer and its quotas; its events stay (they still name it in `customer`). */
export async function deleteCustomer(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "customers:manage");
  assertUuid(id, "customer");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db.delete(customers).where(eq(customers.id, id)).returning({ externalId: customers.externalId });
    if (!row) throw new AppError("not_found", "No such customer; it may have been deleted already.");
    await recordAudit(ctx, { action: "customer.deleted", target: row.externalId });
  });
}

/** Adds a quota: one per customer, metric and feature (change one by deleting it and adding it again). */
export async function addQuota(ctx: Ctx, customerId: string, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, "customers:manage");
  const q = QuotaInput.parse(input);
  assertUuid(customerId, "customer");
  return withTransaction(ctx, async (ctx) => {
    const [customer] = await ctx.db.select({ externalId: customers.externalId }).from(customers).where(eq(customers.id, customerId));
    if (!customer) throw new AppError("not_found", "No such customer; it may have been deleted.");
    const [row] = await ctx.db
      .insert(customerQuotas)
      .values({ customerId, metric: q.metric, feature: q.feature, limit: q.limit })
      .onConflictDoNothing()
      .returning({ id: customerQuotas.id });
    if (!row)
      throw new AppError("conflict", "This customer already has a quota on this metric and feature.", [
        { path: "metric", message: "Delete the existing quota first" },
      ]);
    await recordAudit(ctx, { action: "quota.added", target: customer.externalId, details: { ...q } });
    return row;
  });
}

export async function deleteQuota(ctx: Ctx, quotaId: string): Promise<void> {
  assertCan(ctx.actor, "customers:manage");
  assertUuid(quotaId, "quota");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .delete(customerQuotas)
      .where(eq(customerQuotas.id, quotaId))
      .returning({ customerId: customerQuotas.customerId, metric: customerQuotas.metric, feature: customerQuotas.feature });
    if (!row) throw new AppError("not_found", "No such quota; it may have been deleted already.");
    const [customer] = await ctx.db.select({ externalId: customers.externalId }).from(customers).where(eq(customers.id, row.customerId));
    await recordAudit(ctx, {
      action: "quota.deleted",
      target: customer?.externalId ?? null,
      details: { metric: row.metric, feature: row.feature },
    });
  });
}

function summary(c: CustomerInput): Record<string, unknown> {
  return { name: c.name, tier: c.tier, monthly_revenue_usd: c.monthly_revenue_usd };
}
