"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Meter } from "@/components/ui/meter";
import type { CustomerRow } from "@/lib/customers/report";
import { formatCount, formatUsd } from "@/lib/format";

/** A report row with its place in the server's order (attention first, then cost). */
export type TableRow = CustomerRow & { order: number };

const helper = createColumnHelper<DataTableFeatures, TableRow>();
const QUOTA_LABEL = { tokens: "tokens", requests: "requests", cost_usd: "dollars" } as const;

const columns = helper.columns([
  helper.accessor("order", {
    id: "priority",
    header: "Priority",
    meta: { label: "Priority (attention first)" },
    cell: (info) => <Attention row={info.row.original} />,
  }),
  helper.accessor((r) => `${r.name ?? ""} ${r.customer}`, {
    id: "customer",
    header: "Customer",
    enableHiding: false,
    sortFn: "alphanumeric",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="min-w-40">
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="font-medium text-slate-900">{r.name ?? <span className="italic text-slate-500">not in Settings</span>}</span>
            <Attention row={r} />
          </div>
          <div className="flex items-center gap-1.5 text-xs text-slate-500">
            <span className="font-mono">{r.customer}</span>
            {r.tier ? <Badge tone={r.tier === "paid" ? "good" : r.tier === "internal" ? "accent" : "neutral"}>{r.tier}</Badge> : null}
          </div>
        </div>
      );
    },
  }),
  helper.accessor("requests", {
    header: "Requests",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((r) => r.input_tokens + r.output_tokens, {
    id: "tokens",
    header: "Tokens",
    sortDescFirst: true,
    meta: { numeric: true, label: "Tokens (input + output)" },
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((r) => Number(r.cost_usd), {
    id: "cost",
    header: "Cost to serve",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => <span className="font-medium">{formatUsd(info.row.original.cost_usd)}</span>,
  }),
  helper.accessor((r) => Number(r.billable_cost_usd), {
    id: "billable",
    header: "Billable",
    sortDescFirst: true,
    meta: { numeric: true, label: "Billable cost" },
    cell: (info) => {
      const r = info.row.original;
      return (
        <div>
          <div>{formatUsd(r.billable_cost_usd)}</div>
          {r.non_billable_cost_usd !== "0.0000000000" ? (
            <div className="text-xs text-slate-500">+{formatUsd(r.non_billable_cost_usd)} not billable</div>
          ) : null}
        </div>
      );
    },
  }),
  helper.accessor((r) => Number(r.non_billable_cost_usd), {
    id: "non_billable",
    header: "Non-billable",
    sortDescFirst: true,
    meta: { numeric: true, label: "Non-billable cost" },
    cell: (info) => formatUsd(info.row.original.non_billable_cost_usd),
  }),
  helper.accessor((r) => Number(r.revenue_usd), {
    id: "revenue",
    header: "Revenue",
    sortDescFirst: true,
    meta: { numeric: true, label: "Revenue (month)" },
    cell: (info) => formatUsd(info.row.original.revenue_usd ?? "0"),
  }),
  helper.accessor((r) => Number(r.margin_usd), {
    id: "margin",
    header: "Gross margin",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className={r.margin_usd?.startsWith("-") ? "font-medium text-red-700" : undefined}>
          <div>{formatUsd(r.margin_usd ?? "0")}</div>
          <div className="text-xs font-normal">{r.margin_percent === null ? "no revenue" : `${r.margin_percent}%`}</div>
        </div>
      );
    },
  }),
  helper.accessor((r) => (r.margin_percent === null ? Number.NEGATIVE_INFINITY : Number(r.margin_percent)), {
    id: "margin_percent",
    header: "Margin %",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => {
      const p = info.row.original.margin_percent;
      return p === null ? <span className="text-slate-400">no revenue</span> : `${p}%`;
    },
  }),
  helper.accessor((r) => r.quota_percent ?? -1, {
    id: "quota",
    header: "Quota used",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => {
      const r = info.row.original;
      if (r.quotas.length === 0) return <span className="text-slate-400">no quota</span>;
      return (
        <div className="ml-auto w-32 space-y-1 text-left">
          {r.quotas.map((q) => (
            <div key={`${q.metric}:${q.feature ?? ""}`}>
              <div className="flex justify-between gap-2 text-xs">
                <span className="truncate text-slate-600">
                  {QUOTA_LABEL[q.metric]}
                  {q.feature ? ` · ${q.feature}` : ""}
                </span>
                <span className="tabular-nums">{q.percent}%</span>
              </div>
              <Meter percent={q.percent} />
            </div>
          ))}
        </div>
      );
    },
  }),
]);

// Priority is the default order and shows as a badge beside the name; non-billable cost and margin % show under
// billable cost and margin. Each is a column of its own when chosen (to sort by it).
const DEFAULT_HIDDEN = ["priority", "non_billable", "margin_percent"];
const REVENUE_COLUMNS = ["revenue", "margin", "margin_percent"];
const withoutRevenue = columns.filter((c) => !REVENUE_COLUMNS.includes(String(c.id)));

function Attention({ row }: { row: CustomerRow }) {
  if (row.attention === "negative_margin") return <Badge tone="bad">Negative margin</Badge>;
  if (row.attention === "quota") return <Badge tone="warn">Near quota</Badge>;
  return null;
}

/** `showRevenue` false (members): the revenue and margin columns do not exist, not merely hidden. */
export function CustomerTable({ rows, showRevenue }: { rows: TableRow[]; showRevenue: boolean }) {
  return (
    <DataTable
      columns={showRevenue ? columns : withoutRevenue}
      data={rows}
      label="Customers"
      defaultSort={{ id: "priority", desc: false }}
      defaultHidden={DEFAULT_HIDDEN}
    />
  );
}
