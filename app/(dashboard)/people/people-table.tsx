"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataTable, type DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { MEASURE_FIELD, MEASURE_LABELS, type Measure } from "@/lib/effective/measures";
import { formatCount, formatUsd } from "@/lib/format";
import type { PersonSpendRow } from "@/lib/people/person-spend";

const helper = createColumnHelper<DataTableFeatures, PersonSpendRow>();

const columns = (measure: Measure) =>
  helper.columns([
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
      // A team name is one word to read ("support-ai" would break at its hyphen).
      cell: (info) => <span className="whitespace-nowrap">{info.getValue() || <span className="text-slate-400">—</span>}</span>,
    }),
    helper.accessor("requests", {
      header: "Requests",
      sortDescFirst: true,
      meta: { numeric: true },
      cell: (info) => formatCount(info.getValue()),
    }),
    ...(["effective", "cost", "list"] as const).map((m) =>
      helper.accessor((r) => Number(r[MEASURE_FIELD[m]]), {
        id: m,
        header: MEASURE_LABELS[m].long,
        sortDescFirst: true,
        meta: { numeric: true, label: `${MEASURE_LABELS[m].long}: ${MEASURE_LABELS[m].help}` },
        cell: (info) => <span className={m === measure ? "font-medium" : undefined}>{formatUsd(info.row.original[MEASURE_FIELD[m]])}</span>,
      }),
    ),
    helper.accessor((r) => r.tools.length, {
      id: "tools",
      header: "By tool",
      enableSorting: false,
      cell: (info) => (
        <ul className="min-w-48 space-y-0.5 text-xs">
          {info.row.original.tools.slice(0, 4).map((t) => (
            <li key={t.tool} className="flex justify-between gap-3">
              <span className="font-mono">{t.tool}</span>
              <span className="tabular-nums text-slate-600">{formatUsd(t[MEASURE_FIELD[measure]])}</span>
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
      cell: (info) =>
        info.getValue() > 0 ? formatUsd(info.row.original.provider_reported_usd) : <span className="text-slate-400">—</span>,
    }),
    helper.accessor("merged_prs", {
      header: "Merged PRs",
      sortDescFirst: true,
      meta: { numeric: true },
      cell: (info) => formatCount(info.getValue()),
    }),
  ]);

export function PeopleTable({ rows, measure }: { rows: PersonSpendRow[]; measure: Measure }) {
  const cols = useMemo(() => columns(measure), [measure]);
  return (
    <DataTable
      columns={cols}
      data={rows}
      label="Spend per person"
      defaultSort={{ id: measure, desc: true }}
      defaultHidden={measure === "list" ? [] : ["list"]}
      rowHref={(r) => (r.person ? `/spend?person=${r.person.id}&group_by=agent` : "/spend?person=&group_by=user")}
    />
  );
}
