import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { addDays, utcToday } from "@/lib/dates/calendar";
import { monthOfDay, monthRange, monthStartOf } from "@/lib/dates/months";
import { MEASURE_FIELD, type Measure } from "@/lib/effective/measures";
import { usdString } from "@/lib/money";
import { getMonthSessionStats, type SessionStats } from "@/lib/sessions/queries";
import { listSpend, type SpendMetrics, type SpendResult, type SpendRow } from "@/lib/spend/list-spend";
import { sumPlanFees } from "@/lib/spend/plan-fees";
import { SPEND_ROW_LIMIT, type SpendInput } from "@/lib/spend/schemas";
import { type PeriodRange, periodRanges } from "./periods";

export interface PeriodSpend extends PeriodRange {
  /** In the Overview's measure. */
  amount_usd: string;
  previous_amount_usd: string;
  /** Change against the previous span in percent (one decimal), or null when that span spent nothing. */
  change_percent: string | null;
}

export interface DailyPoint {
  date: string;
  total_usd: string;
  /** Per provider that day, in the Overview's measure. */
  by_provider: Record<string, string>;
  /** Average daily spend over the 7 days ending this day. */
  rolling7_usd: string;
}

export interface Overview {
  measure: Measure;
  from: string;
  to: string;
  month: SpendResult["totals"];
  periods: PeriodSpend[];
  /** The last 30 days, oldest first, and the providers in the chart ordered by their spend. */
  daily: DailyPoint[];
  providers: string[];
  /** What this month's paid-plan calls would have cost on the metered API (list cost minus metered cost). */
  planUsageListUsd: string;
  /** What the organisation pays this month to date: metered cost plus plan fees (prorated by day). */
  paidUsd: string;
  /** The plan fees of the whole calendar month (what the plans will have cost by its end). */
  monthPlanFeesUsd: string;
  /** In the measure. */
  costPerRequestUsd: string | null;
  /** This month's spend (in the measure) and requests with no team tag, no feature tag, and no person. */
  untagged: {
    team: { amount_usd: string; requests: number };
    feature: { amount_usd: string; requests: number };
    /** Spend no person resolves to (lib/people). */
    person: { amount_usd: string; requests: number };
  };
  byModel: SpendResult["rows"];
  unpriced: SpendResult["rows"];
}

const CHART_DAYS = 30;

/** The Overview's default measure: effective, so "this month" is what is paid to date (metered + plan fees). */
export const OVERVIEW_MEASURE: Measure = "effective";

/**
 * Every number on the Overview, each one what `GET /api/v1/spend` answers (so they agree to the digit). Five rollup
 * reads: one daily series by provider reaching back to the earliest compared period (the chart and every period
 * total are exact sums of its days), the month by model (whose totals are the month's), unpriced models, and the
 * spend without a team and without a feature. `forceRaw` (benchmark) reads the raw events instead.
 */
export async function getOverview(ctx: Ctx, now = new Date(), opts: { forceRaw?: boolean; measure?: Measure } = {}): Promise<Overview> {
  const measure = opts.measure ?? OVERVIEW_MEASURE;
  const field = MEASURE_FIELD[measure];
  const to = utcToday(now);
  const from = monthStartOf(to);
  const base: SpendInput = { from, to, groupBy: [], interval: "none", filters: {} };
  const ranges = periodRanges(to);
  // The earliest day the chart or a compared period needs (ISO dates sort as text).
  const seriesFrom = [addDays(to, -(CHART_DAYS + 6)), ...ranges.flatMap((r) => [r.from, r.previous.from])].sort()[0] ?? from;
  const spend = (input: SpendInput) =>
    listSpend(ctx, input, { forceRaw: opts.forceRaw, orderBy: measure, allocate: measure === "effective" });
  const [series, models, tags, noPerson, monthFees] = await Promise.all([
    // Every row, not a page: period sums are added up from the series (days × providers stay far below the cap).
    spend({ ...base, from: seriesFrom, interval: "day", groupBy: ["provider"], limit: SPEND_ROW_LIMIT.max }),
    // By model and cost source: the model table and the unpriced models from one scan.
    spend({ ...base, groupBy: ["provider", "model", "cost_source"], limit: SPEND_ROW_LIMIT.max }),
    // By team and feature: what has no team and what has no feature, from one scan.
    spend({ ...base, groupBy: ["team", "feature"], limit: SPEND_ROW_LIMIT.max }),
    spend({ ...base, filters: { person: [null] } }),
    sumPlanFees(ctx, { from, to: monthRange(monthOfDay(to)).lastDay, filters: {} }),
  ]);
  // Beyond SPEND_ROW_LIMIT.max groups (not seen in practice), the same figures from their own queries.
  const byModel = models.truncated
    ? (await spend({ ...base, groupBy: ["provider", "model"], limit: SPEND_ROW_LIMIT.max })).rows
    : mergeRows(models.rows, ["provider", "model"], field);
  const unpriced = models.truncated
    ? (await spend({ ...base, groupBy: ["provider", "model"], filters: { cost_source: ["unpriced"] } })).rows
    : mergeRows(
        models.rows.filter((r) => r.cost_source === "unpriced"),
        ["provider", "model"],
        field,
      );
  const untaggedBy = async (dim: "team" | "feature") =>
    tags.truncated ? (await spend({ ...base, filters: { [dim]: [null] } })).totals : sumRows(tags.rows.filter((r) => r[dim] === null));
  const [noTeam, noFeature] = await Promise.all([untaggedBy("team"), untaggedBy("feature")]);
  const costOf = (range: { from: string; to: string }) =>
    series.rows
      .filter((r) => String(r.period) >= range.from && String(r.period) <= range.to)
      .reduce((sum, r) => sum.plus(r[field]), new Big(0));
  const periods = ranges.map((r): PeriodSpend => {
    const cost = costOf(r);
    const prev = costOf(r.previous);
    return {
      ...r,
      amount_usd: usdString(cost),
      previous_amount_usd: usdString(prev),
      change_percent: prev.eq(0) ? null : cost.minus(prev).div(prev).times(100).toFixed(1),
    };
  });
  const { points, providers } = dailySeries(series.rows, to, field);
  const month = models.totals;
  const requests = month.requests;
  return {
    measure,
    from,
    to,
    month,
    periods,
    daily: points,
    providers,
    planUsageListUsd: usdString(new Big(month.list_cost_usd).minus(month.cost_usd)),
    paidUsd: usdString(new Big(month.cost_usd).plus(month.plan_fees_usd)),
    monthPlanFeesUsd: monthFees,
    costPerRequestUsd: requests > 0 ? usdString(new Big(month[field]).div(requests)) : null,
    untagged: {
      team: { amount_usd: noTeam[field], requests: noTeam.requests },
      feature: { amount_usd: noFeature[field], requests: noFeature.requests },
      person: { amount_usd: noPerson.totals[field], requests: noPerson.totals.requests },
    },
    byModel,
    unpriced,
  };
}

const METRICS = ["requests", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] as const;
const MONEY = ["cost_usd", "list_cost_usd", "effective_cost_usd"] as const;

/** Rows added up: the counts and the exact money of each measure. */
function sumRows(rows: readonly SpendRow[]): SpendMetrics {
  const out = Object.fromEntries(METRICS.map((m) => [m, rows.reduce((n, r) => n + r[m], 0)])) as Record<(typeof METRICS)[number], number>;
  const money = Object.fromEntries(MONEY.map((m) => [m, usdString(rows.reduce((s, r) => s.plus(r[m]), new Big(0)))])) as Record<
    (typeof MONEY)[number],
    string
  >;
  return { ...out, ...money };
}

/** Rows grouped by more dimensions, added up to `dims` (unused plan fee rows apart), most in the measure first. */
function mergeRows(rows: readonly SpendRow[], dims: readonly ("provider" | "model")[], field: (typeof MEASURE_FIELD)[Measure]): SpendRow[] {
  const groups = new Map<string, SpendRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([...dims.map((d) => r[d] ?? null), r.unused_plan_fee === true]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const merged = [...groups.values()].map((g) => {
    const first = g[0] as SpendRow;
    const values = Object.fromEntries(dims.map((d) => [d, first[d] ?? null]));
    return { ...values, ...sumRows(g), ...(first.unused_plan_fee ? { unused_plan_fee: true as const } : {}) } as SpendRow;
  });
  const key = (r: SpendRow) => dims.map((d) => String(r[d] ?? "\uffff")).join("\u0000");
  return merged.sort((a, b) => new Big(b[field]).cmp(a[field]) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function dailySeries(
  rows: SpendResult["rows"],
  today: string,
  field: (typeof MEASURE_FIELD)[Measure],
): { points: DailyPoint[]; providers: string[] } {
  const days = Array.from({ length: CHART_DAYS + 6 }, (_, i) => addDays(today, i - (CHART_DAYS + 5)));
  const byDay = new Map(days.map((d) => [d, { total: new Big(0), by: {} as Record<string, string> }]));
  const providerTotals = new Map<string, Big>();
  for (const r of rows) {
    const day = byDay.get(String(r.period));
    if (!day) continue;
    const provider = String(r.provider);
    // A provider's usage and its unused plan fee line are two rows of the same day.
    day.total = day.total.plus(r[field]);
    day.by[provider] = usdString(new Big(day.by[provider] ?? 0).plus(r[field]));
    if (String(r.period) > addDays(today, -CHART_DAYS))
      providerTotals.set(provider, (providerTotals.get(provider) ?? new Big(0)).plus(r[field]));
  }
  const totals = days.map((d) => byDay.get(d)?.total ?? new Big(0));
  const points = days.slice(6).map((date, i) => {
    const week = totals.slice(i, i + 7).reduce((a, b) => a.plus(b), new Big(0));
    return {
      date,
      total_usd: usdString(totals[i + 6] ?? new Big(0)),
      by_provider: byDay.get(date)?.by ?? {},
      rolling7_usd: usdString(week.div(7)),
    };
  });
  const providers = [...providerTotals]
    .filter(([, total]) => total.gt(0))
    .sort((a, b) => b[1].cmp(a[1]))
    .map(([p]) => p);
  return { points, providers };
}

/**
 * The Overview's session panel: this month's sessions, their average metered cost and the five most expensive.
 * Separate from `getOverview` because it reads the per-session totals, not a spend rollup: the page streams it in.
 */
export async function getOverviewSessions(ctx: Ctx, now = new Date()): Promise<SessionStats & { costPerSessionUsd: string | null }> {
  const stats = await getMonthSessionStats(ctx, monthStartOf(utcToday(now)), 5);
  return { ...stats, costPerSessionUsd: stats.sessions > 0 ? usdString(new Big(stats.cost_usd).div(stats.sessions)) : null };
}
