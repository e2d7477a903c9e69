"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, useMemo } from "react";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { MEASURE_FIELD, MEASURE_LABELS, type Measure } from "@/lib/effective/measures";
import type { ExplorerRow } from "@/lib/explorer/get-explorer";
import { DIMENSION_LABELS, drillDown, NOT_SET, viewTitle } from "@/lib/explorer/view";
import { formatCount, formatUsd } from "@/lib/format";
import type { Dimension } from "@/lib/spend/dimensions";

const helper = createColumnHelper<DataTableFeatures, ExplorerRow>();
const TOKEN_DETAIL = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"];

/** Sorted by the view's measure; effective and metered side by side (list cost when it is the measure). */
function tableDefaults(measure: Measure) {
  const shown: string[] = measure === "list" ? ["list_cost_usd", "cost_usd"] : ["effective_cost_usd", "cost_usd"];
  const money = ["effective_cost_usd", "cost_usd", "list_cost_usd"];
  return {
    sort: { id: MEASURE_FIELD[measure], desc: true },
    hidden: [...TOKEN_DETAIL, ...money.filter((m) => !shown.includes(m))],
  };
}

const count = (n: number) => <span title={n.toLocaleString("en-US")}>{formatCount(n)}</span>;
const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

function numberColumn(
  id: keyof ExplorerRow & string,
  header: string,
  accessor: (r: ExplorerRow) => number | null,
  cell: (r: ExplorerRow) => ReactNode,
) {
  return helper.accessor((r) => accessor(r) ?? -1, {
    id,
    header,
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => cell(info.row.original),
  });
}

function valueLabel(dim: Dimension, v: string, names: Record<string, string>) {
  if (v === "") return <span className="text-slate-400 italic">{NOT_SET}</span>;
  if (dim === "pr") return `#${v}`;
  const name = names[`${dim}\u0000${v}`];
  if (name)
    return (
      <>
        {name} <span className="text-xs text-slate-500">{v}</span>
      </>
    );
  return v;
}

export function SpendTable({
  rows,
  groupBy,
  groups,
  mergedPrMetric,
  names,
  measure,
}: {
  rows: ExplorerRow[];
  groupBy: Dimension[];
  groups: number;
  mergedPrMetric: boolean;
  names: Record<string, string>;
  measure: Measure;
}) {
  const defaults = tableDefaults(measure);
  const router = useRouter();
  const params = useSearchParams();
  const hrefOf = useMemo(
    () => (row: ExplorerRow) => {
      const session = groupBy[0] === "session" ? row.values[0] : undefined;
      if (session) return `/sessions/${encodeURIComponent(session)}`;
      return `/spend?${drillDown(new URLSearchParams(params.toString()), groupBy, row.values)}`;
    },
    [groupBy, params],
  );

  const columns = useMemo(
    () =>
      helper.columns([
        ...groupBy.map((dim, i) =>
          helper.accessor((r) => r.values[i] ?? "", {
            id: `dim_${dim}`,
            header: DIMENSION_LABELS[dim],
            enableHiding: false,
            sortFn: "alphanumeric",
            cell: (info) =>
              i === 0 ? (
                <span className="inline-flex items-center gap-2">
                  <Link
                    href={hrefOf(info.row.original)}
                    className="whitespace-nowrap font-medium text-slate-900 hover:text-orange-700 hover:underline"
                  >
                    {valueLabel(dim, info.getValue(), names)}
                  </Link>
                  {info.row.original.unused ? (
                    <span title="Plan fee of days or seats nobody used: it stays visible, never spread onto others' usage">
                      <Badge tone="warn">unused plan fee</Badge>
                    </span>
                  ) : null}
                </span>
              ) : (
                <span className="whitespace-nowrap">{valueLabel(dim, info.getValue(), names)}</span>
              ),
          }),
        ),
        numberColumn(
          "requests",
          "Requests",
          (r) => r.requests,
          (r) => r.requests.toLocaleString("en-US"),
        ),
        numberColumn(
          "tokens",
          "Tokens",
          (r) => r.tokens,
          (r) => count(r.tokens),
        ),
        numberColumn(
          "input_tokens",
          "Input tokens",
          (r) => r.input_tokens,
          (r) => count(r.input_tokens),
        ),
        numberColumn(
          "output_tokens",
          "Output tokens",
          (r) => r.output_tokens,
          (r) => count(r.output_tokens),
        ),
        numberColumn(
          "cache_read_tokens",
          "Cache reads",
          (r) => r.cache_read_tokens,
          (r) => count(r.cache_read_tokens),
        ),
        numberColumn(
          "cache_write_tokens",
          "Cache writes",
          (r) => r.cache_write_tokens,
          (r) => count(r.cache_write_tokens),
        ),
        ...(["effective_cost_usd", "cost_usd", "list_cost_usd"] as const).map((field) => {
          const m = (Object.keys(MEASURE_FIELD) as Measure[]).find((k) => MEASURE_FIELD[k] === field) as Measure;
          return numberColumn(
            field,
            MEASURE_LABELS[m].long,
            (r) => Number(r[field]),
            (r) => <span className={m === measure ? "font-medium" : undefined}>{formatUsd(r[field])}</span>,
          );
        }),
        numberColumn(
          "cost_per_request_usd",
          "Cost / request",
          (r) => (r.cost_per_request_usd === null ? null : Number(r.cost_per_request_usd)),
          (r) => (r.cost_per_request_usd === null ? "—" : formatUsd(r.cost_per_request_usd)),
        ),
        numberColumn(
          "tokens_per_request",
          "Tokens / request",
          (r) => r.tokens_per_request,
          (r) => (r.tokens_per_request === null ? "—" : Math.round(r.tokens_per_request).toLocaleString("en-US")),
        ),
        numberColumn(
          "cache_hit_rate",
          "Cache hit rate",
          (r) => r.cache_hit_rate,
          (r) => percent(r.cache_hit_rate),
        ),
        numberColumn(
          "share",
          "Share",
          (r) => r.share,
          (r) => percent(r.share),
        ),
        ...(mergedPrMetric
          ? [
              numberColumn(
                "cost_per_merged_pr_usd",
                "Cost / merged PR",
                (r) => (r.cost_per_merged_pr_usd ? Number(r.cost_per_merged_pr_usd) : null),
                (r) => (r.cost_per_merged_pr_usd ? formatUsd(r.cost_per_merged_pr_usd) : "—"),
              ),
            ]
          : []),
      ]),
    [groupBy, hrefOf, mergedPrMetric, names, measure],
  );

  return (
    <DataTable
      columns={columns}
      data={rows}
      label={viewTitle(groupBy)}
      defaultSort={defaults.sort}
      defaultHidden={defaults.hidden}
      rowHref={hrefOf}
      onRowClick={(href) => router.push(href)}
      toolbar={
        <span className="text-sm text-slate-600">
          {groups.toLocaleString("en-US")} {groups === 1 ? "group" : "groups"}
          {groups > rows.length ? ` · the ${rows.length.toLocaleString("en-US")} most expensive shown; totals cover all` : ""}
          {" · click a row to drill down"}
        </span>
      }
    />
  );
}
