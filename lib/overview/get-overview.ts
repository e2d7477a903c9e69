import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { listSpend, type SpendResult } from "@/lib/spend/list-spend";
import { type SpendInput, utcToday } from "@/lib/spend/schemas";

export interface Overview {
  from: string;
  to: string;
  month: SpendResult["totals"];
  /** What this month's paid-plan calls would have cost on the metered API (list cost minus metered cost). */
  planUsageListUsd: string;
  byModel: SpendResult["rows"];
  unpriced: SpendResult["rows"];
}

/** The Overview page: this month to date (UTC), its spend by model, and the events we could not price. */
export async function getOverview(ctx: Ctx, now = new Date()): Promise<Overview> {
  const to = utcToday(now);
  const from = `${to.slice(0, 8)}01`;
  const base: SpendInput = { from, to, groupBy: [], interval: "none", filters: {} };
  const [month, byModel, unpriced] = await Promise.all([
    listSpend(ctx, base),
    listSpend(ctx, { ...base, groupBy: ["provider", "model"] }),
    listSpend(ctx, { ...base, groupBy: ["provider", "model"], filters: { cost_source: ["unpriced"] } }),
  ]);
  const planUsageListUsd = new Big(month.totals.list_cost_usd).minus(month.totals.cost_usd).toFixed(10);
  return { from, to, month: month.totals, planUsageListUsd, byModel: byModel.rows, unpriced: unpriced.rows };
}
