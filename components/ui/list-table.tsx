import type { ReactNode } from "react";

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
