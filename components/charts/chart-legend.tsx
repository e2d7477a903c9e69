import Link from "next/link";
import type { ReactNode } from "react";

export interface LegendEntry {
  key: string;
  label: string;
  color: string;
  /** The explorer filtered by the series; none for "Other" or a chart without drill-down. */
  href?: string;
  /** With the "list" layout: the series' total and share of the chart. */
  total?: string;
  share?: string;
}

function Swatch({ color, line }: { color: string; line?: boolean }) {
  return line ? (
    <span aria-hidden className="inline-block h-0.5 w-3 shrink-0 rounded" style={{ background: color }} />
  ) : (
    <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ background: color }} />
  );
}

function Name({ entry }: { entry: LegendEntry }) {
  if (!entry.href) return <span className="truncate">{entry.label}</span>;
  return (
    <Link
      href={entry.href}
      title={`Explore ${entry.label} in the Spend explorer`}
      className="truncate rounded-sm hover:text-orange-700 hover:underline focus-visible:outline-2 focus-visible:outline-orange-500"
    >
      {entry.label}
    </Link>
  );
}

/**
 * The chart's legend as HTML, not SVG: each series a link to the explorer filtered by it (reachable with the
 * keyboard). "inline" wraps under the chart; "list" is a row per series with its total and share.
 */
export function ChartLegend({
  entries,
  layout,
  extra,
}: {
  entries: LegendEntry[];
  layout: "inline" | "list";
  /** Keys that are not series (the average line, the partial-period hatch). */
  extra?: ReactNode;
}) {
  if (layout === "inline") {
    return (
      <div className="mt-2 flex flex-wrap items-center justify-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <ul aria-label="Series" className="flex flex-wrap items-center justify-center gap-x-4 gap-y-1">
          {entries.map((e) => (
            <li key={e.key} className="flex min-w-0 items-center gap-1.5">
              <Swatch color={e.color} />
              <Name entry={e} />
            </li>
          ))}
        </ul>
        {extra}
      </div>
    );
  }
  return (
    <div className="mt-4 border-t border-slate-100 pt-3">
      <ul aria-label="Series" className="grid gap-x-8 gap-y-0.5 text-sm sm:grid-cols-2">
        {entries.map((e) => (
          <li key={e.key} className="flex items-center gap-2 border-b border-slate-50 py-1.5">
            <Swatch color={e.color} />
            <span className="flex min-w-0 flex-1 text-slate-700">
              <Name entry={e} />
            </span>
            <span className="tabular-nums text-slate-900">{e.total}</span>
            <span className="w-12 text-right text-xs tabular-nums text-slate-500">{e.share}</span>
          </li>
        ))}
      </ul>
      {extra ? <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">{extra}</div> : null}
    </div>
  );
}

export function LineKey({ color, label }: { color: string; label: string }) {
  return (
    <span className="flex items-center gap-1.5">
      <Swatch color={color} line />
      {label}
    </span>
  );
}
