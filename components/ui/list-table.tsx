import { clsx } from "clsx";
import type { ReactNode } from "react";
import { formatUsd } from "@/lib/format";

/** A plain server-rendered list table (settings screens): header row from labels, rows from children. */
export function ListTable({
  columns,
  children,
}: {
  columns: (string | { label: string; hidden?: boolean; right?: boolean })[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium whitespace-nowrap uppercase tracking-wide text-slate-500">
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
