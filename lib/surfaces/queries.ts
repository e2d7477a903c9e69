import { utcToday } from "@/lib/dates/calendar";
import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { monthRange } from "@/lib/dates/months";
import { usdString } from "@/lib/money";
import { surfaceVerdict, type Verdict, type WorkloadKind } from "./classify";
import { getPlanReport, type PlanReport } from "./plan-usage";
import { RULES } from "./rules";
import { listWorkloadStats } from "./workload-daily";
import type { WorkloadStats } from "./workload-stats";

export interface SurfaceRow extends WorkloadStats {
  kind: WorkloadKind;
  verdict: Verdict;
  reasons: string[];
  /** For plan workloads: the part of their plan's fee (so far) their share of its usage takes. */
  planFeeShareUsd: string | null;
  planFeeShare: number | null;
}

export interface Surfaces extends PlanReport {
  month: string;
  /** The last day counted: today for the current month, else the month's last day. */
  through: string;
  rows: SurfaceRow[];
}

/** The Surfaces screen: every workload of the month with its verdict, and each plan's value against its fee. */
export async function getSurfaces(ctx: Ctx, month: string, now = new Date()): Promise<Surfaces> {
  assertCan(ctx.actor, "dashboards:read");
  const range = monthRange(month);
  const today = utcToday(now);
  // Today, clamped to the month.
  const through = [range.firstDay, today, range.lastDay].sort()[1] as string;
  const [stats, report] = await Promise.all([
    listWorkloadStats(ctx, range),
    getPlanReport(ctx, { firstDay: range.firstDay, lastDay: range.lastDay, soFar: through }),
  ]);
  const days = Number(through.slice(8, 10));
  const monthDays = Number(range.lastDay.slice(8, 10));
  const reference = usdString(new Big(RULES.referenceSeatFeeUsd).times(days).div(monthDays));
  const planByName = new Map(report.plans.map((p) => [p.name, p]));
  const rows = stats.map((s): SurfaceRow => {
    const vendorPlans = report.plans.filter((p) => p.vendor === s.provider && new Big(p.seatFeeSoFarUsd).gt(0));
    const cheapest = vendorPlans.sort((a, b) => new Big(a.seatFeeSoFarUsd).cmp(b.seatFeeSoFarUsd))[0];
    const seat = cheapest ? { plan: cheapest.name, feeUsd: cheapest.seatFeeSoFarUsd } : { plan: null, feeUsd: reference };
    const plan = s.plan ? planByName.get(s.plan) : undefined;
    const share = plan && new Big(plan.valueUsd).gt(0) ? new Big(s.listCostUsd).div(plan.valueUsd) : null;
    return {
      ...s,
      ...surfaceVerdict(s, seat),
      planFeeShareUsd: share && plan ? usdString(share.times(plan.feeSoFarUsd)) : null,
      planFeeShare: share ? share.toNumber() : null,
    };
  });
  return { month, through, rows, ...report };
}
