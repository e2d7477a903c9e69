import { clsx } from "clsx";
import type { ReactNode } from "react";
import { formatUsd } from "@/lib/format";

/** Cell padding, whatever the cells' own classes say: tight between columns, the panel's inset at the edges (as DataTable). */
const CELL_X = "[&_:is(th,td)]:px-3 [&_:is(th,td):first-child]:pl-5 [&_:is(th,td):last-child]:pr-5";

/** A plain server-rendered list table (settings screens): header row from labels, rows from children. */
export function ListTable({
  columns,
  children,
}: {
  columns: (string | { label: string; hidden?: boolean; right?: boolean })[];
  children: ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className={clsx("w-full text-sm", CELL_X)}>
        {/* Headers wrap (bottom-aligned) rather than widen a column past its figures. */}
        <thead className="bg-slate-50 text-left align-bottom text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th key={col.label} className={col.right ? "px-5 py-2.5 text-right" : "px-5 py-2.5"}>
                  {col.hidden ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

type CellProps = {
  /** Vertical padding: "2" in read-only lists, "3" in rows that hold controls or two lines. */
  py?: "2" | "2.5" | "3";
  className?: string;
  children?: ReactNode;
};
const PY = { "2": "py-2", "2.5": "py-2.5", "3": "py-3" } as const;

/** A figure: right-aligned, tabular digits; `strong` for the row's headline figure. */
export function NumCell({ py = "2", strong = false, className, children }: CellProps & { strong?: boolean }) {
  return <td className={clsx("px-5", PY[py], "text-right", strong && "font-medium", "tabular-nums", className)}>{children}</td>;
}

/** An amount: the exact decimal string, formatted here and nowhere else in the row. */
export function UsdCell({ value, precise, ...cell }: Omit<CellProps, "children"> & { value: string; strong?: boolean; precise?: boolean }) {
  // nowrap: a narrow column must not break "−$12.00" after its minus sign.
  return (
    <NumCell {...cell}>
      <span className="whitespace-nowrap">{formatUsd(value, { precise })}</span>
    </NumCell>
  );
}
