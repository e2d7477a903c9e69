import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { MonthSnapshot } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { addMonths, monthEnded, monthRange, monthStart } from "@/lib/dates/months";
import { arrivedAfterClose } from "./export-sql";
import { listMonthCloses } from "./month-closes";
import { computeMonthTotals } from "./month-totals";
import { type ExportPlan, exportPlan } from "./plan";
import { rawEventsRemovedBefore } from "./retention";

export interface ExportSummary {
  month: string;
  totals: MonthSnapshot;
  /** The last day whose plan fees the file holds: the month's last day once it ended; today while it runs. */
  feesThrough: string | null;
  /** Set when the month is closed: its totals are the snapshot taken then. */
  close: { closedAt: Date; closedBy: string } | null;
  /** Events of this closed month received after the close: they are adjustments in a later month's export. */
  lateAfterClose: { requests: number; cost_usd: string } | null;
  /** Events of this closed month repriced after the close, and the change in their cost: also later adjustments. */
  repricedAfterClose: { events: number; difference_usd: string } | null;
  /** The closed months whose late events this export carries as adjustments. */
  adjustmentMonths: string[];
  canClose: boolean;
  canReopen: boolean;
  /** Why the month cannot be closed or reopened, when the user could otherwise. */
  closeBlocked: string | null;
  /**
   * Set when retention removed the month's raw events: the period's first month, and for a closed month what the
   * daily files (built from the rollups, which also hold events that arrived after the close) add up to now.
   */
  rawRemoved: { keepFrom: string; dailyCostUsd: string | null } | null;
  /** Every closed month, newest first, with the cost its export was frozen at. */
  closedMonths: { month: string; closedAt: Date; closedBy: string; cost_usd: string }[];
}

/** What the Export screen shows for a month before download: the figures the file will add up to. */
export async function getExportSummary(ctx: Ctx, month: string, now = new Date()): Promise<ExportSummary> {
  assertCan(ctx.actor, "export:download");
  const closes = await listMonthCloses(ctx);
  const plan = exportPlan(month, closes, now);
  const close = closes.find((c) => c.month === month) ?? null;
  const keepFrom = rawEventsRemovedBefore(month, now);
  const [totals, lateAfterClose, repricedAfterClose, daily] = await Promise.all([
    close ? close.snapshot : computeMonthTotals(ctx, plan),
    // Which events came after the close is only known from the raw events.
    close && !keepFrom ? lateSince(ctx, plan, close.closedAt) : null,
    close ? repricedSince(ctx, month, close.closedAt) : null,
    close && keepFrom ? computeMonthTotals(ctx, plan) : null,
  ]);
  const laterClosed = closes.some((c) => c.month > month);
  const ended = monthEnded(month, now);
  return {
    month,
    feesThrough: plan.feesThrough,
    totals,
    close: close && { closedAt: close.closedAt, closedBy: close.closedBy },
    lateAfterClose,
    repricedAfterClose,
    adjustmentMonths: plan.adjustments.map((a) => a.month).sort(),
    canClose: !close && ended && can(ctx.actor, "months:close"),
    canReopen: !!close && !laterClosed && can(ctx.actor, "months:reopen"),
    closeBlocked: close
      ? laterClosed
        ? "Only the latest closed month can be reopened."
        : null
      : ended
        ? null
        : `${month} can be closed from ${monthStart(addMonths(month, 1))} (UTC), once it has ended.`,
    rawRemoved: keepFrom ? { keepFrom, dailyCostUsd: daily && daily.cost_usd !== totals.cost_usd ? daily.cost_usd : null } : null,
    closedMonths: closes
      .map((c) => ({ month: c.month, closedAt: c.closedAt, closedBy: c.closedBy, cost_usd: c.snapshot.cost_usd }))
      .reverse(),
  };
}

async function lateSince(ctx: Ctx, plan: ExportPlan, closedAt: Date): Promise<{ requests: number; cost_usd: string }> {
  const [row] = await queryRows<{ requests: number | string; cost_usd: string }>(
    ctx.db,
    sql`select count(*)::bigint as requests, coalesce(sum(cost_usd), 0)::numeric(30, 10)::text as cost_usd
      from events where ${arrivedAfterClose(plan, closedAt)}`,
  );
  return { requests: Number(row?.requests ?? 0), cost_usd: row?.cost_usd ?? "0.0000000000" };
}

/** The month's events repriced after `closedAt` (each change's new − old cost: several changes add up to the last's). */
async function repricedSince(ctx: Ctx, month: string, closedAt: Date): Promise<{ events: number; difference_usd: string }> {
  const { start, end } = monthRange(month);
  const [row] = await queryRows<{ events: number | string; difference_usd: string }>(
    ctx.db,
    sql`select count(distinct event_id)::bigint as events,
        coalesce(sum(new_cost_usd - old_cost_usd), 0)::numeric(30, 10)::text as difference_usd
      from event_reprices
      where event_timestamp >= ${start.toISOString()}::timestamptz and event_timestamp < ${end.toISOString()}::timestamptz
        and repriced_at > ${closedAt.toISOString()}::timestamptz`,
  );
  return { events: Number(row?.events ?? 0), difference_usd: row?.difference_usd ?? "0.0000000000" };
}
