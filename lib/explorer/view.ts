import { addDays } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { type Measure, readMeasure } from "@/lib/effective/measures";
import { AppError } from "@/lib/errors";
import { TABLE_PARAMS } from "@/lib/http/parse-search-params";
import { DIMENSIONS, type Dimension } from "@/lib/spend/dimensions";
import { parseSpendQuery, type SpendInput } from "@/lib/spend/schemas";

/**
 * The Spend explorer's URL is the query of `GET /api/v1/spend` (from, to, group_by, interval, one parameter per
 * filtered dimension) plus the table's own state (sort, page, cols). So every view is a link, and the API link
 * for a view is the same query string without the table keys.
 */

/** The explorer groups by one dimension and an optional second level (the API allows three). */
export const MAX_LEVELS = 2;
export const DEFAULT_GROUP: Dimension = "team";

export const DIMENSION_LABELS = Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionSpec(d).label])) as Record<Dimension, string>;

/** What a row of the dimension is called when the events carry no value for it. */
export const NOT_SET = "(not set)";

/** Nav shortcuts: one click to spend by each of these. */
export const SHORTCUTS: { dimension: Dimension; label: string }[] = [
  { dimension: "model", label: "By model" },
  { dimension: "repo", label: "By repo" },
  { dimension: "workflow", label: "By workflow" },
  { dimension: "tool", label: "By tool / MCP" },
];

/** After drilling into a row, group by the first of these that is not already fixed by a filter. */
const DRILL_ORDER: Dimension[] = [
  "team",
  "feature",
  "model",
  "workflow",
  "repo",
  "tool",
  "agent",
  "user",
  "customer",
  "environment",
  "surface",
  "provider",
  "prompt_version",
  "plan",
  "cost_source",
  "billable",
];

export interface DatePreset {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** Date-range presets relative to `today` (UTC): month to date is also what no from/to means. */
export function datePresets(today: string): DatePreset[] {
  const monthStart = monthStartOf(today);
  const lastMonthEnd = addDays(monthStart, -1);
  return [
    { key: "mtd", label: "Month to date", from: monthStart, to: today },
    { key: "7d", label: "Last 7 days", from: addDays(today, -6), to: today },
    { key: "30d", label: "Last 30 days", from: addDays(today, -29), to: today },
    { key: "last-month", label: "Last month", from: monthStartOf(lastMonthEnd), to: lastMonthEnd },
    { key: "90d", label: "Last 90 days", from: addDays(today, -89), to: today },
  ];
}

/** A filter value as it appears in the URL: null ("not set") is the empty string, booleans and numbers as text. */
export function urlValue(v: string | number | boolean | null | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

/**
 * The view one level down from a row: the row's values become filters and the explorer groups by the next
 * dimension not yet fixed by a filter (team → feature → model → …).
 */
export function drillDown(params: URLSearchParams, groupBy: Dimension[], values: (string | null)[]): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of TABLE_PARAMS) next.delete(key);
  groupBy.forEach((dim, i) => {
    next.delete(dim);
    next.append(dim, urlValue(values[i]));
  });
  const fixed = new Set<string>([...next.keys()].filter((k) => (DIMENSIONS as readonly string[]).includes(k)));
  next.set("group_by", DRILL_ORDER.find((d) => !fixed.has(d)) ?? "session");
  return next;
}

/** The URL without the table's own keys and the screen's measure (the API answers every measure). */
function apiQuery(params: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams(params);
  for (const key of [...TABLE_PARAMS, "measure"]) q.delete(key);
  return q;
}

/** The explorer's default measure: effective cost, so the month's total is what is paid (metered + plan fees). */
export const EXPLORER_MEASURE: Measure = "effective";

/** The `/api/v1/spend` query that answers the view's table (the same numbers, to the digit), defaults spelled out. */
export function spendQuery(input: SpendInput): URLSearchParams {
  const q = new URLSearchParams({ from: input.from, to: input.to, group_by: input.groupBy.join(",") });
  for (const [dim, values] of Object.entries(input.filters)) for (const v of values ?? []) q.append(dim, urlValue(v));
  return q;
}

/**
 * The explorer's query: the URL without the table keys, grouped by the default dimension when it names none,
 * validated exactly as `GET /api/v1/spend` validates it (throws AppError `invalid_query`).
 */
export function parseExplorerQuery(params: URLSearchParams, now = new Date()): SpendInput {
  readMeasure(params.get("measure"), EXPLORER_MEASURE);
  const q = apiQuery(params);
  if (!q.get("group_by")) q.set("group_by", DEFAULT_GROUP);
  const input = parseSpendQuery(q, now);
  if (input.groupBy.length > MAX_LEVELS)
    throw new AppError("invalid_query", "The query string is not valid.", [
      { path: "group_by", message: `the explorer groups by at most ${MAX_LEVELS} dimensions` },
    ]);
  return input;
}

/** "Spend by team and tool / MCP server": the view's title. */
export function viewTitle(groupBy: readonly Dimension[]): string {
  const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
  return `Spend by ${groupBy.map((d) => lower(DIMENSION_LABELS[d])).join(" and ")}`;
}

/**
 * A view as it is saved (lib/explorer/saved-views.ts): the explorer's own keys in a fixed order, the grouping spelled
 * out, the table's keys, `limit` and `cursor` dropped. A period given as presets leave it (no from/to: month to date)
 * stays relative, so a saved "this month" view follows the calendar. Throws AppError `invalid_query` as the page does.
 */
export function viewQuery(params: URLSearchParams, now = new Date()): string {
  const input = parseExplorerQuery(params, now);
  const q = new URLSearchParams();
  for (const key of ["from", "to"]) {
    const v = params.get(key);
    if (v) q.set(key, v);
  }
  q.set("group_by", input.groupBy.join(","));
  const interval = params.get("interval");
  if (interval && interval !== "none") q.set("interval", interval);
  const measure = params.get("measure");
  if (measure) q.set("measure", measure);
  for (const dim of DIMENSIONS) for (const v of params.getAll(dim)) q.append(dim, v);
  // A comma reads the same either way (URLSearchParams decodes both); unescaped, the link stays legible.
  return q.toString().replaceAll("%2C", ",");
}
