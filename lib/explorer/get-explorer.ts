import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { daysInRange, periodStarts } from "@/lib/dates/calendar";
import { MEASURE_FIELD, type Measure } from "@/lib/effective/measures";
import { BREAKDOWNS, type Breakdown, getPullRequestStats } from "@/lib/github/pull-request-stats";
import { usdString } from "@/lib/money";
import { dimensionValueNames } from "@/lib/people/value-names";
import type { Dimension, Interval } from "@/lib/spend/dimensions";
import { listSpend, listSpendPage, type SpendResult, type SpendRow } from "@/lib/spend/list-spend";
import { SPEND_ROW_LIMIT, type SpendInput } from "@/lib/spend/schemas";
import { MAX_LEVELS, urlValue } from "./view";

/** Rows handed to the table; the totals always cover every group. */
export const MAX_TABLE_ROWS = 2000;
/** Groups drawn in the chart; the rest are summed into "Other". */
export const TOP_SERIES = 6;

export interface ExplorerRow {
  /** The group's values in group-by order, as URL values ("" = not set). */
  values: string[];
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  effective_cost_usd: string;
  /** In the view's measure. */
  amount_usd: string;
  /** An unused plan fee line (a plan-day or seat nobody used), not usage. */
  unused: boolean;
  /** In the view's measure. Exact decimals; null when there were no requests / no input tokens. */
  cost_per_request_usd: string | null;
  tokens_per_request: number | null;
  /** Cache reads as a share of input tokens (which include them), 0–1. */
  cache_hit_rate: number | null;
  /** Share of the range's total in the view's measure, 0–1. */
  share: number | null;
  /** With `Explorer.mergedPrMetric`: what a PR merged in the range cost in this group (null: none of its spend). */
  cost_per_merged_pr_usd?: string | null;
}

export interface ExplorerSeries {
  key: string;
  /** The group's URL value ("" = not set); null for "Other". */
  value: string | null;
}

export interface Explorer {
  input: SpendInput;
  measure: Measure;
  interval: Exclude<Interval, "none">;
  totals: SpendResult["totals"];
  /** The whole view as one row (no group values): cost per request, cache hit rate… */
  overall: ExplorerRow;
  rows: ExplorerRow[];
  /** How many groups the range has (rows may be cut at MAX_TABLE_ROWS). */
  groups: number;
  series: ExplorerSeries[];
  points: { period: string; values: Record<string, string> }[];
  /** Environments with events in the range (for the environment filter), by cost. */
  environments: string[];
  /** Rows carry cost per merged PR: one level of repo, workflow, model or tool, filtered by at most one repo. */
  mergedPrMetric: boolean;
  /** Names of group values that are ids (a person's email → name, an API key id → its name), by `dimension\0value`. */
  names: Record<string, string>;
}

/** Day buckets up to about two months, weeks up to a year, months beyond. */
export function autoInterval(from: string, to: string): Exclude<Interval, "none"> {
  const days = daysInRange(from, to);
  return days <= 62 ? "day" : days <= 366 ? "week" : "month";
}

/**
 * The Spend explorer for one view: a row per group (one or two levels) with per-unit figures, and a time series
 * of the top groups of the first level plus "Other". Both are `GET /api/v1/spend` answers, so they agree with
 * the API to the digit; "Other" is the exact remainder.
 */
export async function getExplorer(ctx: Ctx, query: SpendInput, measure: Measure = "effective"): Promise<Explorer> {
  // The explorer pages its table itself: a `limit` or `cursor` in its URL does not apply.
  const { limit: _limit, offset: _offset, ...input } = query;
  if (input.groupBy.length === 0 || input.groupBy.length > MAX_LEVELS) throw new Error("getExplorer: parse with parseExplorerQuery");
  const interval = input.interval === "none" ? autoInterval(input.from, input.to) : input.interval;
  const first = input.groupBy[0] as Dimension;
  const page = listSpendPage(ctx, { ...input, interval: "none", limit: MAX_TABLE_ROWS }, { orderBy: measure });
  // One level: the chart's top groups are the table's first rows (the same read, in the same order).
  const ranked = input.groupBy.length === 1 ? page.then((p) => p.result.rows.slice(0, TOP_SERIES)) : undefined;
  const [table, series, envs] = await Promise.all([
    explorerTable(ctx, input, measure, page),
    topSeries(ctx, input, first, interval, measure, ranked),
    listSpend(ctx, { from: input.from, to: input.to, groupBy: ["environment"], interval: "none", filters: {} }, { allocate: false }),
  ]);
  return {
    input,
    measure,
    interval,
    ...table,
    ...series,
    environments: envs.rows.map((r) => String(r.environment)),
  };
}

export type ExplorerTable = Pick<Explorer, "totals" | "overall" | "rows" | "groups" | "mergedPrMetric" | "names">;

/**
 * The explorer's table for a view: its `limit` most expensive groups in the measure (the table's order), each with its
 * per-unit figures, and totals over every group. The page and its CSV download both read it.
 */
export async function getExplorerTable(ctx: Ctx, query: SpendInput, measure: Measure, limit: number): Promise<ExplorerTable> {
  const { limit: _limit, offset: _offset, ...input } = query;
  return explorerTable(ctx, input, measure, listSpendPage(ctx, { ...input, interval: "none", limit }, { orderBy: measure }));
}

/** The table from its read (`listSpendPage` of the view with no periods, in the measure's order), started by the caller. */
async function explorerTable(
  ctx: Ctx,
  input: SpendInput,
  measure: Measure,
  read: Promise<{ result: SpendResult; groups: number }>,
): Promise<ExplorerTable> {
  const [page, perPr] = await Promise.all([read, mergedPrCosts(ctx, input, measure)]);
  const table = page.result;
  const total = new Big(table.totals[MEASURE_FIELD[measure]]);
  const rows = table.rows.map((r) => toExplorerRow(r, input.groupBy, total, measure));
  if (perPr) for (const row of rows) row.cost_per_merged_pr_usd = perPr.get(row.values[0] ?? "") ?? null;
  const names = await dimensionValueNames(
    ctx,
    rows.flatMap((r) => input.groupBy.map((dimension, i) => ({ dimension, value: r.values[i] ?? "" }))),
  );
  return {
    totals: table.totals,
    overall: toExplorerRow(table.totals, [], total, measure),
    rows,
    groups: page.groups,
    mergedPrMetric: perPr !== null,
    names,
  };
}

/**
 * Cost per merged PR of each group (the Pull requests screen's split), where the view allows it: PR costs ignore
 * every filter but the repository, so with other filters the column would not describe the rows.
 */
async function mergedPrCosts(ctx: Ctx, input: SpendInput, measure: Measure): Promise<Map<string, string> | null> {
  const [dim] = input.groupBy;
  if (input.groupBy.length !== 1 || !(BREAKDOWNS as readonly string[]).includes(dim ?? "")) return null;
  const repo = input.filters.repo;
  if (Object.keys(input.filters).some((d) => d !== "repo") || (repo && (repo.length !== 1 || repo[0] === null))) return null;
  const stats = await getPullRequestStats(ctx, { from: input.from, to: input.to, ...(repo ? { repo: String(repo[0]) } : {}) }, measure);
  return new Map(stats.breakdowns[dim as Breakdown].map((b) => [urlValue(b.value), b.cost_per_merged_pr_usd]));
}

function toExplorerRow(r: SpendRow, groupBy: Dimension[], total: Big, measure: Measure): ExplorerRow {
  const tokens = r.input_tokens + r.output_tokens;
  const amount = r[MEASURE_FIELD[measure]];
  return {
    values: groupBy.map((d) => urlValue(r[d])),
    requests: r.requests,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    cache_read_tokens: r.cache_read_tokens,
    cache_write_tokens: r.cache_write_tokens,
    tokens,
    cost_usd: r.cost_usd,
    list_cost_usd: r.list_cost_usd,
    effective_cost_usd: r.effective_cost_usd,
    amount_usd: amount,
    unused: r.unused_plan_fee === true,
    cost_per_request_usd: r.requests > 0 ? usdString(new Big(amount).div(r.requests)) : null,
    tokens_per_request: r.requests > 0 ? tokens / r.requests : null,
    cache_hit_rate: r.input_tokens > 0 ? r.cache_read_tokens / r.input_tokens : null,
    share: total.gt(0) ? Number(new Big(amount).div(total)) : null,
  };
}

/**
 * The chart: the TOP_SERIES most expensive groups of the first level per period, and "Other" as the exact remainder
 * of each period's total. Three bounded reads (the top groups — the table's first rows when it has one level —, their
 * periods, the periods' totals) rather than every group × period, which grouping by session would make millions of rows.
 */
async function topSeries(
  ctx: Ctx,
  input: SpendInput,
  dim: Dimension,
  interval: Exclude<Interval, "none">,
  measure: Measure,
  /** The first TOP_SERIES groups of `dim` in the measure's order, when the caller has read them already. */
  ranking?: Promise<SpendRow[]>,
): Promise<Pick<Explorer, "series" | "points">> {
  const field = MEASURE_FIELD[measure];
  const ranked =
    (await ranking) ?? (await listSpend(ctx, { ...input, groupBy: [dim], interval: "none", limit: TOP_SERIES }, { orderBy: measure })).rows;
  // Unused plan fee lines are in "Other" (the remainder of each period's total), not a series of their own.
  const topRows = ranked.filter((r) => !r.unused_plan_fee && new Big(r[field]).gt(0));
  const top = topRows.map((r, i) => ({ key: `s${i}`, value: urlValue(r[dim]) }));
  const keyOf = new Map(top.map((s) => [s.value, s.key]));
  const byPeriod = new Map(periodStarts(input.from, input.to, interval).map((p) => [p, new Map<string, Big>()]));
  const [timeline, totals] = await Promise.all([
    topRows.length > 0
      ? listSpend(ctx, {
          ...input,
          groupBy: [dim],
          interval,
          filters: { ...input.filters, [dim]: topRows.map((r) => r[dim] ?? null) },
          limit: SPEND_ROW_LIMIT.max, // at most TOP_SERIES × MAX_PERIODS.day rows (and their unused lines)
        })
      : null,
    listSpend(ctx, { ...input, groupBy: [], interval }),
  ]);
  for (const r of timeline?.rows ?? []) {
    const key = keyOf.get(urlValue(r[dim]));
    const period = byPeriod.get(String(r.period));
    if (key && period && !r.unused_plan_fee) period.set(key, (period.get(key) ?? new Big(0)).plus(r[field]));
  }
  // A period's total: its usage row and its unused plan fee row, when it has one.
  const periodTotals = new Map<string, Big>();
  for (const r of totals.rows) periodTotals.set(String(r.period), (periodTotals.get(String(r.period)) ?? new Big(0)).plus(r[field]));
  let hasOther = false;
  for (const [start, total] of periodTotals) {
    const period = byPeriod.get(start);
    if (!period) continue;
    const other = [...period.values()].reduce((rest, v) => rest.minus(v), total);
    if (other.gt(0)) hasOther = true;
    period.set("other", other);
  }
  const series: ExplorerSeries[] = hasOther ? [...top, { key: "other", value: null }] : top;
  return {
    series,
    points: [...byPeriod].map(([period, values]) => ({
      period,
      values: Object.fromEntries(series.map((s) => [s.key, usdString(values.get(s.key) ?? new Big(0))])),
    })),
  };
}
