"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { MEASURE_FIELD, MEASURE_LABELS, type Measure } from "@/lib/effective/measures";
import { formatCount, formatDate, formatUsd } from "@/lib/format";
import type { PullRequestRow } from "@/lib/github/pull-requests";

const helper = createColumnHelper<DataTableFeatures, PullRequestRow>();
const STATE_TONE = { merged: "good", closed: "bad", open: "neutral" } as const;
const STATE_LABEL = { merged: "merged", closed: "abandoned", open: "open" } as const;

export const prHref = (r: Pick<PullRequestRow, "repo" | "number">) => `/pull-requests/${r.repo}/${r.number}`;

const MONEY = ["effective_cost_usd", "cost_usd", "list_cost_usd"] as const;
const measureOf = (field: (typeof MONEY)[number]) =>
  (Object.keys(MEASURE_FIELD) as Measure[]).find((m) => MEASURE_FIELD[m] === field) as Measure;

const columns = (measure: Measure) =>
  helper.columns([
    helper.accessor((r) => `${r.repo}#${String(r.number).padStart(9, "0")}`, {
      id: "pr",
      header: "Pull request",
      enableHiding: false,
      sortFn: "alphanumeric",
      cell: (info) => {
        const r = info.row.original;
        return (
          <div className="max-w-md">
            <Link href={prHref(r)} className="font-medium text-slate-900 hover:text-orange-700 hover:underline">
              {r.title}
            </Link>
            <div className="text-xs text-slate-500">
              {r.repo}#{r.number}
              {r.author ? ` · ${r.author}` : ""}
            </div>
          </div>
        );
      },
    }),
    helper.accessor("state", {
      header: "State",
      sortFn: "alphanumeric",
      cell: (info) => <Badge tone={STATE_TONE[info.getValue()]}>{STATE_LABEL[info.getValue()]}</Badge>,
    }),
    helper.accessor((r) => r.merged_at ?? r.closed_at ?? "", {
      id: "ended_at",
      header: "Merged / closed",
      sortDescFirst: true,
      sortFn: "alphanumeric",
      cell: (info) => (info.getValue() ? formatDate(info.getValue()) : "—"),
    }),
    ...MONEY.map((field) =>
      helper.accessor((r) => Number(r[field]), {
        id: field,
        header: MEASURE_LABELS[measureOf(field)].long,
        sortDescFirst: true,
        meta: { numeric: true },
        cell: (info) => (
          <span className={measureOf(field) === measure ? "font-medium" : undefined}>{formatUsd(info.row.original[field])}</span>
        ),
      }),
    ),
    helper.accessor("requests", {
      header: "Requests",
      sortDescFirst: true,
      meta: { numeric: true },
      cell: (info) => info.getValue().toLocaleString("en-US"),
    }),
    helper.accessor("sessions", { header: "Sessions", sortDescFirst: true, meta: { numeric: true } }),
    helper.accessor((r) => r.input_tokens + r.output_tokens, {
      id: "tokens",
      header: "Tokens",
      sortDescFirst: true,
      meta: { numeric: true },
      cell: (info) => formatCount(info.getValue()),
    }),
  ]);

export function PullRequestTable({ rows, measure }: { rows: PullRequestRow[]; measure: Measure }) {
  const router = useRouter();
  const cols = useMemo(() => columns(measure), [measure]);
  return (
    <DataTable
      columns={cols}
      data={rows}
      label="Pull requests"
      defaultSort={{ id: MEASURE_FIELD[measure], desc: true }}
      defaultHidden={measure === "list" ? [] : ["list_cost_usd"]}
      rowHref={prHref}
      onRowClick={(href) => router.push(href)}
      toolbar={
        <span className="text-sm text-slate-600">
          {rows.length.toLocaleString("en-US")} {rows.length === 1 ? "pull request" : "pull requests"}
        </span>
      }
    />
  );
}
