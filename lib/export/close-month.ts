import "server-only";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { type MonthSnapshot, monthCloses, type PlanTerms } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { monthEnded } from "@/lib/dates/months";
import { isoMonth } from "@/lib/dates/schemas";
import { AppError } from "@/lib/errors";
import { PLAN_TERMS_JSON } from "@/lib/plans/fee-lines";
import { listMonthCloses } from "./month-closes";
import { computeMonthTotals } from "./month-totals";
import { exportPlan } from "./plan";

/**
 * Closes a month: freezes its export at this instant and stores its totals. `events` is locked (SHARE) for the few
 * milliseconds this takes, so every event is either in (committed before) or out (its statement ran after, and
 * ingest stamps `received_at` once it holds its lock): the split by `received_at` is exact, and late events become
 * adjustments of the next open month. `closed_at` is rounded up to the millisecond (what JavaScript keeps) and the
 * transaction does not commit before that instant has passed.
 */
export async function closeMonth(ctx: Ctx, rawMonth: string, now = new Date()): Promise<MonthSnapshot> {
  assertCan(ctx.actor, "months:close");
  const month = isoMonth.parse(rawMonth);
  if (!monthEnded(month, now)) throw new AppError("conflict", `${month} has not ended yet; a month can be closed once it is over.`);
  return withTransaction(ctx, async (ctx) => {
    await ctx.db.execute(sql`lock table month_closes in exclusive mode`);
    const closes = await listMonthCloses(ctx);
    if (closes.some((c) => c.month === month)) throw new AppError("conflict", `${month} is already closed.`);
    await ctx.db.execute(sql`lock table events in share mode`);
    const [stamp] = await queryRows<{ closed_at: Date | string }>(
      ctx.db,
      sql`select date_trunc('milliseconds', clock_timestamp()) + interval '1 millisecond' as closed_at`,
    );
    const closedAt = new Date(stamp?.closed_at as Date | string);
    // Plans are locked too: the fees in the snapshot are those of the terms frozen with it.
    await ctx.db.execute(sql`lock table plans in share mode`);
    const snapshot = await computeMonthTotals(ctx, exportPlan(month, [...closes, { month, closedAt }]));
    const [terms] = await queryRows<{ plans: PlanTerms[] }>(ctx.db, PLAN_TERMS_JSON);
    await ctx.db.insert(monthCloses).values({ month, closedAt, closedBy: actorLabel(ctx.actor), snapshot, plans: terms?.plans ?? [] });
    await recordAudit(ctx, { action: "month.closed", target: month, details: { cost_usd: snapshot.cost_usd } });
    await ctx.db.execute(sql`select pg_sleep(greatest(0, extract(epoch from ${closedAt.toISOString()}::timestamptz - clock_timestamp())))`);
    return snapshot;
  });
}

/** Reopens the latest closed month (admin only): its export follows the events again, late ones included. */
export async function reopenMonth(ctx: Ctx, rawMonth: string): Promise<void> {
  assertCan(ctx.actor, "months:reopen");
  const month = isoMonth.parse(rawMonth);
  await withTransaction(ctx, async (ctx) => {
    await ctx.db.execute(sql`lock table month_closes in exclusive mode`);
    const closes = await listMonthCloses(ctx);
    const close = closes.find((c) => c.month === month);
    if (!close) throw new AppError("conflict", `${month} is not closed.`);
    const later = closes.filter((c) => c.month > month).map((c) => c.month);
    if (later.length > 0) {
      throw new AppError(
        "conflict",
        `Reopen ${later.at(-1)} first: only the latest closed month can be reopened, as a later closed month can hold ${month}'s late events.`,
      );
    }
    await ctx.db.delete(monthCloses).where(eq(monthCloses.month, month));
    await recordAudit(ctx, {
      action: "month.reopened",
      target: month,
      details: { closed_at: close.closedAt.toISOString(), closed_by: close.closedBy },
    });
  });
}
