import "server-only";
import Big from "big.js";
import type { CustomerTier } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { addMonths, monthRange } from "@/lib/dates/months";
import { usdString } from "@/lib/money";
import { type QuotaUsage, quotaUsages, sumSlices } from "./get-usage";
import { grossMargin } from "./margins";
import { allCustomers, type Customer } from "./queries";
import { QUOTA_THRESHOLDS } from "./rules";
import type { UsageSlice } from "./usage";
import { byCustomer, usageSlices } from "./usage";

export interface FeatureCost {
  feature: string | null;
  requests: number;
  cost_usd: string;
  billable_cost_usd: string;
}

export interface CustomerRow {
  customer: string;
  name: string | null;
  tier: CustomerTier | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  billable_cost_usd: string;
  non_billable_cost_usd: string;
  /** Revenue and margin are absent for roles without `customers:revenue` (members see cost to serve and quotas). */
  revenue_usd?: string;
  margin_usd?: string;
  margin_percent?: string | null;
  quotas: QuotaUsage[];
  /** The highest percent of any quota; null without quotas. */
  quota_percent: number | null;
  attention: "negative_margin" | "quota" | null;
  features: FeatureCost[];
}

export interface TrendPoint {
  month: string;
  cost_usd: string;
  billable_cost_usd: string;
  non_billable_cost_usd: string;
  revenue_usd?: string;
}

export interface CustomersReport {
  month: string;
  includeAll: boolean;
  /** False for roles without `customers:revenue`: no revenue or margin anywhere in the report. */
  showsRevenue: boolean;
  rows: CustomerRow[];
  totals: { cost_usd: string; billable_cost_usd: string; non_billable_cost_usd: string; revenue_usd?: string; margin_usd?: string };
  /** Usage kept apart by the rules (other environments, internal-tier customers); zero when the toggle includes it. */
  excluded: { requests: number; cost_usd: string };
  trend: TrendPoint[];
}

const TREND_MONTHS = 6;

/**
 * The Customers screen: per customer the month's usage, cost to serve (billable and not), revenue, gross margin and
 * quota use; customers with a negative margin or a quota at 80 % or more first, then by cost; and a six-month trend.
 */
export async function getCustomersReport(ctx: Ctx, input: { month: string; includeAll: boolean }): Promise<CustomersReport> {
  assertCan(ctx.actor, "dashboards:read");
  const first = addMonths(input.month, -(TREND_MONTHS - 1));
  const [registered, slices] = await Promise.all([
    allCustomers(ctx),
    usageSlices(ctx, { firstDay: monthRange(first).firstDay, lastDay: monthRange(input.month).lastDay }),
  ]);
  const report = buildReport(registered, slices, input, first);
  return can(ctx.actor, "customers:revenue") ? report : withoutRevenue(report);
}

/** The report for roles that may not see revenue: no revenue or margin, and no order or badge that reveals them. */
export function withoutRevenue(report: CustomersReport): CustomersReport {
  const rows = report.rows.map(({ revenue_usd: _r, margin_usd: _m, margin_percent: _p, ...row }) => ({
    ...row,
    attention: row.quota_percent !== null && row.quota_percent >= QUOTA_THRESHOLDS[0] ? ("quota" as const) : null,
  }));
  rows.sort(byAttentionThenCost);
  const { revenue_usd: _r, margin_usd: _m, ...totals } = report.totals;
  return {
    ...report,
    showsRevenue: false,
    rows,
    totals,
    trend: report.trend.map(({ revenue_usd: _t, ...p }) => p),
  };
}

/** Pure: the report from registered customers and usage slices (unit-tested on constructed data). */
export function buildReport(
  registered: Customer[],
  slices: UsageSlice[],
  input: { month: string; includeAll: boolean },
  firstMonth: string,
): CustomersReport {
  const shown = (s: UsageSlice) => input.includeAll || s.counted;
  const byId = new Map(registered.map((c) => [c.externalId, c]));
  const monthSlices = slices.filter((s) => s.month === input.month);
  const ids = new Set<string>();
  for (const c of registered) if (input.includeAll || c.tier !== "internal") ids.add(c.externalId);
  for (const s of monthSlices) if (shown(s)) ids.add(s.customer);

  const grouped = byCustomer(monthSlices.filter(shown));
  const rows = [...ids].map((id) => customerRow(id, byId.get(id) ?? null, grouped.get(id) ?? []));
  rows.sort(byAttentionThenCost);

  const sum = (f: (r: CustomerRow) => string | undefined) => usdString(rows.reduce((acc, r) => acc.plus(f(r) ?? 0), new Big(0)));
  const excludedSlices = monthSlices.filter((s) => !shown(s));
  const excludedUsage = sumSlices(excludedSlices);

  const trend: TrendPoint[] = [];
  const revenue = usdString(
    registered.filter((c) => input.includeAll || c.tier !== "internal").reduce((acc, c) => acc.plus(c.monthlyRevenueUsd), new Big(0)),
  );
  for (let i = 0; i < TREND_MONTHS; i++) {
    const month = addMonths(firstMonth, i);
    const of = slices.filter((s) => s.month === month && shown(s));
    const cost = sumSlices(of).cost_usd;
    const billable = sumSlices(of.filter((s) => s.billable)).cost_usd;
    trend.push({
      month,
      cost_usd: cost,
      billable_cost_usd: billable,
      non_billable_cost_usd: usdString(new Big(cost).minus(billable)),
      revenue_usd: revenue,
    });
  }

  return {
    month: input.month,
    includeAll: input.includeAll,
    showsRevenue: true,
    rows,
    totals: {
      cost_usd: sum((r) => r.cost_usd),
      billable_cost_usd: sum((r) => r.billable_cost_usd),
      non_billable_cost_usd: sum((r) => r.non_billable_cost_usd),
      revenue_usd: sum((r) => r.revenue_usd),
      margin_usd: sum((r) => r.margin_usd),
    },
    excluded: { requests: excludedUsage.requests, cost_usd: excludedUsage.cost_usd },
    trend,
  };
}

function customerRow(id: string, c: Customer | null, slices: UsageSlice[]): CustomerRow {
  const all = sumSlices(slices);
  const billable = sumSlices(slices.filter((s) => s.billable));
  const revenue = usdString(new Big(c?.monthlyRevenueUsd ?? 0));
  const margin = grossMargin(revenue, all.cost_usd);
  const quotas = quotaUsages(
    c,
    slices.filter((s) => s.production),
  );
  const quotaPercent = quotas.length > 0 ? Math.max(...quotas.map((q) => q.percent)) : null;
  const features = new Map<string | null, UsageSlice[]>();
  for (const s of slices) features.set(s.feature, [...(features.get(s.feature) ?? []), s]);
  return {
    customer: id,
    name: c?.name ?? null,
    tier: c?.tier ?? null,
    requests: all.requests,
    input_tokens: all.input_tokens,
    output_tokens: all.output_tokens,
    cost_usd: all.cost_usd,
    billable_cost_usd: billable.cost_usd,
    non_billable_cost_usd: usdString(new Big(all.cost_usd).minus(billable.cost_usd)),
    revenue_usd: revenue,
    ...margin,
    quotas,
    quota_percent: quotaPercent,
    attention: new Big(margin.margin_usd).lt(0)
      ? "negative_margin"
      : quotaPercent !== null && quotaPercent >= QUOTA_THRESHOLDS[0]
        ? "quota"
        : null,
    features: [...features.entries()]
      .map(([feature, of]) => ({
        feature,
        requests: sumSlices(of).requests,
        cost_usd: sumSlices(of).cost_usd,
        billable_cost_usd: sumSlices(of.filter((s) => s.billable)).cost_usd,
      }))
      .sort((a, b) => new Big(b.cost_usd).cmp(a.cost_usd)),
  };
}

const rank = (r: CustomerRow) => (r.attention === "negative_margin" ? 0 : r.attention === "quota" ? 1 : 2);
const byAttentionThenCost = (a: CustomerRow, b: CustomerRow) =>
  rank(a) - rank(b) || new Big(b.cost_usd).cmp(a.cost_usd) || (a.name ?? a.customer).localeCompare(b.name ?? b.customer);
