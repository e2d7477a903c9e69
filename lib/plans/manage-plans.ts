import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { plans } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { PlanInput } from "./schemas";
import { assertHoldersFit, setSeatHolders } from "./seat-holders";

const nameTaken = (name: string) =>
  new AppError("conflict", `A plan named "${name}" already exists.`, [{ path: "name", message: "Another plan has this name" }]);

const columns = (p: PlanInput) => ({
  name: p.name,
  vendor: p.vendor,
  tool: p.tool,
  seats: p.seats,
  feePerSeatUsd: p.fee_per_seat_usd,
  startDate: p.start_date,
  endDate: p.end_date,
  includedRequestsPerSeat: p.included_requests_per_seat,
});

/** Adds a plan (admin, finance). Its fee counts from its start date in every month not yet closed. */
export async function createPlan(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, "plans:manage");
  const p = PlanInput.parse(input);
  return withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db.insert(plans).values(columns(p)).onConflictDoNothing({ target: plans.name }).returning({ id: plans.id });
    if (!row) throw nameTaken(p.name);
    if (p.seat_holders) await setSeatHolders(ctx, row.id, p.seat_holders);
    await recordAudit(ctx, { action: "plan.created", target: p.name, details: summary(p) });
    return row;
  });
}

/** Changes a plan. Closed months keep the terms they were closed with; every open month follows the new ones. */
export async function updatePlan(ctx: Ctx, id: string, input: unknown): Promise<void> {
  assertCan(ctx.actor, "plans:manage");
  const p = PlanInput.parse(input);
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such plan.");
  await withTransaction(ctx, async (ctx) => {
    const [clash] = await ctx.db
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.name, p.name), ne(plans.id, id)));
    if (clash) throw nameTaken(p.name);
    const [row] = await ctx.db
      .update(plans)
      .set({ ...columns(p), updatedAt: sql`now()` })
      .where(eq(plans.id, id))
      .returning({ id: plans.id });
    if (!row) throw new AppError("not_found", "No such plan; it may have been deleted.");
    if (p.seat_holders) await setSeatHolders(ctx, id, p.seat_holders);
    else await assertHoldersFit(ctx, id, p.seats);
    await recordAudit(ctx, { action: "plan.updated", target: p.name, details: summary(p) });
  });
}

/** Deletes a plan: its fee leaves every open month (closed months keep it). To stop paying from a date, set an end date instead. */
export async function deletePlan(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "plans:manage");
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such plan.");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db.delete(plans).where(eq(plans.id, id)).returning({ name: plans.name });
    if (!row) throw new AppError("not_found", "No such plan; it may have been deleted already.");
    await recordAudit(ctx, { action: "plan.deleted", target: row.name });
  });
}

function summary(p: PlanInput): Record<string, unknown> {
  return {
    vendor: p.vendor,
    seats: p.seats,
    fee_per_seat_usd: p.fee_per_seat_usd,
    start_date: p.start_date,
    end_date: p.end_date,
    ...(p.seat_holders ? { seat_holders: p.seat_holders.length } : {}),
  };
}
