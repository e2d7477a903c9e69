import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { MEASURE_FIELD, type Measure } from "@/lib/effective/measures";
import { SPEND_ROW_LIMIT, type SpendInput } from "@/lib/spend/schemas";
import { type ExplorerRow, getExplorerTable } from "./get-explorer";

/** Groups in a download: the API's largest page. The table shows fewer; its totals, like the file's rows, cover all. */
export const CSV_ROW_LIMIT = SPEND_ROW_LIMIT.max;

/** Dimensions whose values are ids: the file adds their display name (a person's name, an API key's name). */
const NAMED = new Set(["person", "api_key"]);

/** A share or rate (0–1) as a decimal, to the precision a spreadsheet's percentage shows. */
const fraction = (v: number | null) => (v === null ? "" : v.toFixed(6));

/**
 * The columns of a view's CSV: its group keys (and names where the value is an id), then the table's measures in
 * exact decimals. Per-request cost and share are in the view's measure, named after it.
 */
export function explorerCsvColumns(input: Pick<SpendInput, "groupBy">, measure: Measure, mergedPrMetric: boolean): string[] {
  const m = MEASURE_FIELD[measure].replace(/_usd$/, "");
  return [
    ...input.groupBy.flatMap((d) => (NAMED.has(d) ? [d, `${d}_name`] : [d])),
    "unused_plan_fee",
    "requests",
    "tokens",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "cost_usd",
    "list_cost_usd",
    "effective_cost_usd",
    `${m}_per_request_usd`,
    "tokens_per_request",
    "cache_hit_rate",
    `share_of_${m}`,
    ...(mergedPrMetric ? [`${m}_per_merged_pr_usd`] : []),
  ];
}

function csvRow(r: ExplorerRow, input: Pick<SpendInput, "groupBy">, names: Record<string, string>, mergedPrMetric: boolean) {
  return [
    ...input.groupBy.flatMap((d, i) => {
      const value = r.values[i] ?? "";
      return NAMED.has(d) ? [value, names[`${d}\u0000${value}`] ?? ""] : [value];
    }),
    r.unused ? "true" : "false",
    r.requests,
    r.tokens,
    r.input_tokens,
    r.output_tokens,
    r.cache_read_tokens,
    r.cache_write_tokens,
    r.cost_usd,
    r.list_cost_usd,
    r.effective_cost_usd,
    r.cost_per_request_usd ?? "",
    r.tokens_per_request === null ? "" : r.tokens_per_request.toFixed(2),
    fraction(r.cache_hit_rate),
    fraction(r.share),
    ...(mergedPrMetric ? [r.cost_per_merged_pr_usd ?? ""] : []),
  ];
}

/**
 * The Spend explorer's view as a CSV file: one row per group in the table's order (most expensive first in the
 * measure), at most CSV_ROW_LIMIT groups. A group value "not set" is an empty cell. Cells a spreadsheet would run as
 * a formula are neutralised by csv-stringify's `escape_formulas`, as in every export.
 */
export async function explorerCsv(
  ctx: Ctx,
  input: SpendInput,
  measure: Measure,
): Promise<{ filename: string; body: string; rows: number; groups: number }> {
  assertCan(ctx.actor, "dashboards:read");
  const table = await getExplorerTable(ctx, input, measure, CSV_ROW_LIMIT);
  const columns = explorerCsvColumns(input, measure, table.mergedPrMetric);
  const rows = table.rows.map((r) => csvRow(r, input, table.names, table.mergedPrMetric));
  return {
    filename: `burnrate-spend-${input.groupBy.join("-")}-${input.from}-${input.to}.csv`,
    body: stringify(rows, { header: true, columns, escape_formulas: true }),
    rows: rows.length,
    groups: table.groups,
  };
}
