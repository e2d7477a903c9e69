"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatUsd } from "@/lib/format";
import type { SurfaceRow } from "@/lib/surfaces/queries";

const helper = createColumnHelper<DataTableFeatures, SurfaceRow>();

export const VERDICT = {
  move_to_api: { label: "Move to API", tone: "bad", rank: 0 },
  move_to_plan: { label: "Move to a plan", tone: "warn", rank: 1 },
  keep: { label: "Keep", tone: "good", rank: 2 },
} as const;
const KIND = { automated: "automated or bulk", interactive: "interactive (people)", mixed: "mixed signals" } as const;

const columns = helper.columns([
  helper.accessor((r) => `${r.project ?? "~"} ${r.tool ?? r.model}`, {
    id: "workload",
    header: "Workload",
    enableHiding: false,
    sortFn: "alphanumeric",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div className="max-w-xs">
          <div className="font-medium text-slate-900">{r.project ?? <span className="text-slate-500 italic">no repo or feature</span>}</div>
          <div className="text-xs text-slate-500">
            {r.tool ? `${r.tool} · ` : ""}
            {r.model}
          </div>
        </div>
      );
    },
  }),
  helper.accessor((r) => `${r.surface} ${r.plan ?? ""}`, {
    id: "surface",
    header: "Surface",
    sortFn: "alphanumeric",
    cell: (info) => {
      const r = info.row.original;
      return r.surface === "plan" ? (
        <div>
          <Badge tone="accent">plan</Badge>
          <div className="mt-0.5 text-xs text-slate-500">{r.plan ?? "unnamed"}</div>
        </div>
      ) : (
        <Badge>API</Badge>
      );
    },
  }),
  helper.accessor("requests", {
    header: "Requests",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((r) => Number(r.listCostUsd), {
    id: "list_cost",
    header: "List cost",
    sortDescFirst: true,
    meta: { numeric: true, label: "List cost (API price)" },
    cell: (info) => <span className="font-medium">{formatUsd(info.row.original.listCostUsd)}</span>,
  }),
  helper.accessor((r) => r.planFeeShare ?? -1, {
    id: "fee_share",
    header: "Share of plan fee",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => {
      const r = info.row.original;
      if (r.planFeeShareUsd === null || r.planFeeShare === null) return <span className="text-slate-400">—</span>;
      return (
        <span>
          {formatUsd(r.planFeeShareUsd)}
          <span className="ml-1 text-xs text-slate-500">({(r.planFeeShare * 100).toFixed(0)}%)</span>
        </span>
      );
    },
  }),
  helper.accessor((r) => VERDICT[r.verdict].rank, {
    id: "verdict",
    header: "Verdict",
    cell: (info) => {
      const r = info.row.original;
      return (
        <div>
          <Badge tone={VERDICT[r.verdict].tone}>{VERDICT[r.verdict].label}</Badge>
          <div className="mt-0.5 text-xs text-slate-500">{KIND[r.kind]}</div>
        </div>
      );
    },
  }),
  helper.display({
    id: "reasons",
    header: "Why",
    cell: (info) => {
      const [first, ...rest] = info.row.original.reasons;
      return (
        <div className="max-w-md text-sm text-slate-700">
          <p>{first}</p>
          {rest.length > 0 ? (
            <ul className="mt-1 list-disc space-y-0.5 pl-4 text-xs text-slate-500">
              {rest.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    },
  }),
]);

export function SurfaceTable({ rows }: { rows: SurfaceRow[] }) {
  return (
    <DataTable columns={columns} data={rows} label="Workloads by surface" defaultSort={{ id: "verdict", desc: false }} pageSize={20} />
  );
}
