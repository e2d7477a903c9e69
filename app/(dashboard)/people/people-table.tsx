"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatUsd } from "@/lib/format";
import type { PersonSpendRow } from "@/lib/people/person-spend";

const helper = createColumnHelper<DataTableFeatures, PersonSpendRow>();

const columns = helper.columns([
  helper.accessor((r) => r.person?.name ?? "", {
    id: "person",
    header: "Person",
    enableHiding: false,
    sortFn: "alphanumeric",
    cell: (info) => {
      const p = info.row.original.person;
      if (!p) return <span className="italic text-slate-600">No person</span>;
      return (
        <div className="min-w-40">
          <div className="font-medium text-slate-900">
            {p.name} {p.left_on ? <Badge tone="neutral">left</Badge> : null}
          </div>
          <div className="text-xs text-slate-500">{p.email}</div>
        </div>
      );
    },
  }),
  helper.accessor((r) => r.person?.team ?? "", {
    id: "team",
    header: "Team",
    sortFn: "alphanumeric",
    cell: (info) => info.getValue() || <span className="text-slate-400">—</span>,
  }),
  helper.accessor("requests", {
    header: "Requests",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => formatCount(info.getValue()),
  }),
  helper.accessor((r) => Number(r.cost_usd), {
    id: "cost",
    header: "Cost",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => <span className="font-medium">{formatUsd(info.row.original.cost_usd)}</span>,
  }),
  helper.accessor((r) => Number(r.list_cost_usd), {
    id: "list",
    header: "List cost",
    sortDescFirst: true,
    meta: { numeric: true, label: "List cost (API prices, plan usage included)" },
    cell: (info) => formatUsd(info.row.original.list_cost_usd),
  }),
  helper.accessor((r) => r.tools.length, {
    id: "tools",
    header: "By tool",
    enableSorting: false,
    cell: (info) => (
      <ul className="min-w-48 space-y-0.5 text-xs">
        {info.row.original.tools.slice(0, 4).map((t) => (
          <li key={t.tool} className="flex justify-between gap-3">
            <span className="font-mono">{t.tool}</span>
            <span className="tabular-nums text-slate-600">{formatUsd(t.cost_usd)}</span>
          </li>
        ))}
        {info.row.original.tools.length > 4 ? <li className="text-slate-500">+{info.row.original.tools.length - 4} more</li> : null}
      </ul>
    ),
  }),
  helper.accessor((r) => Number(r.provider_reported_usd), {
    id: "reported",
    header: "Their keys' bill",
    sortDescFirst: true,
    meta: { numeric: true, label: "What OpenAI and Anthropic billed for their linked keys" },
    cell: (info) => (info.getValue() > 0 ? formatUsd(info.row.original.provider_reported_usd) : <span className="text-slate-400">—</span>),
  }),
  helper.accessor("merged_prs", {
    header: "Merged PRs",
    sortDescFirst: true,
    meta: { numeric: true },
    cell: (info) => formatCount(info.getValue()),
  }),
]);

export function PeopleTable({ rows }: { rows: PersonSpendRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      label="Spend per person"
      defaultSort={{ id: "cost", desc: true }}
      rowHref={(r) => (r.person ? `/spend?person=${r.person.id}&group_by=agent` : "/spend?person=&group_by=user")}
    />
  );
}
