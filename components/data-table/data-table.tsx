"use client";

import {
  type CellData,
  type ColumnDef,
  type ColumnVisibilityState,
  columnVisibilityFeature,
  createPaginatedRowModel,
  createSortedRowModel,
  type PaginationState,
  type RowData,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  type TableFeatures,
  tableFeatures,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import { clsx } from "clsx";
import { parseAsArrayOf, parseAsInteger, parseAsString, useQueryStates } from "nuqs";
import { type ReactNode, useMemo } from "react";

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});
export type DataTableFeatures = typeof dataTableFeatures;

declare module "@tanstack/table-core" {
  interface ColumnMeta<in out TFeatures extends TableFeatures, in out TData extends RowData, TValue extends CellData = CellData> {
    /** Right-aligned, tabular figures. */
    numeric?: boolean;
    /** Label in the column chooser (defaults to the header when it is a string). */
    label?: string;
  }
}

/** Table state lives in the URL (sort, page, visible columns) without a server round trip, so a view is a link. */
const tableParams = {
  sort: parseAsString,
  page: parseAsInteger,
  cols: parseAsArrayOf(parseAsString),
};

/** Cell padding: tight between columns, the panel's own inset at the table's edges. */
const CELL_X = "px-3 first:pl-5 last:pr-5";

function resolve<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(old) : updater;
}

export function DataTable<T extends RowData>({
  columns,
  data,
  label,
  defaultSort,
  defaultHidden = [],
  pageSize = 25,
  rowHref,
  onRowClick,
  toolbar,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: each column has its own value type; TanStack's `helper.columns` returns this type too.
  columns: ColumnDef<DataTableFeatures, T, any>[];
  data: T[];
  /** Accessible name of the table. */
  label: string;
  defaultSort: { id: string; desc: boolean };
  /** Optional columns hidden until chosen. */
  defaultHidden?: string[];
  pageSize?: number;
  /** Clicking anywhere on a row follows this link (the row's first cell carries the same link for keyboards). */
  rowHref?: (row: T) => string | null;
  onRowClick?: (href: string) => void;
  toolbar?: ReactNode;
}) {
  const [params, setParams] = useQueryStates(tableParams, { shallow: true, history: "replace", scroll: false });

  const sorting: SortingState = useMemo(() => {
    const [id, dir] = (params.sort ?? "").split(".");
    const known = id && columns.some((c) => c.id === id);
    return [known ? { id, desc: dir !== "asc" } : defaultSort];
  }, [params.sort, columns, defaultSort]);
  const columnVisibility: ColumnVisibilityState = useMemo(() => {
    const shown = params.cols ? new Set(params.cols) : null;
    return Object.fromEntries(
      columns
        .filter((c) => c.enableHiding !== false && c.id)
        .map((c) => [c.id as string, shown ? shown.has(c.id as string) : !defaultHidden.includes(c.id as string)]),
    );
  }, [params.cols, columns, defaultHidden]);
  const pageCount = Math.max(1, Math.ceil(data.length / pageSize));
  const pagination: PaginationState = { pageIndex: Math.min(Math.max((params.page ?? 1) - 1, 0), pageCount - 1), pageSize };

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    state: { sorting, pagination, columnVisibility },
    enableSortingRemoval: false,
    autoResetPageIndex: false,
    onSortingChange: (u) => {
      const [next] = resolve(u, sorting);
      void setParams({
        sort: next && (next.id !== defaultSort.id || next.desc !== defaultSort.desc) ? `${next.id}.${next.desc ? "desc" : "asc"}` : null,
        page: null,
      });
    },
    onPaginationChange: (u) => {
      const next = resolve(u, pagination);
      void setParams({ page: next.pageIndex > 0 ? next.pageIndex + 1 : null });
    },
    onColumnVisibilityChange: (u) => {
      const next = resolve(u, columnVisibility);
      const shown = Object.entries(next)
        .filter(([, v]) => v)
        .map(([k]) => k);
      const isDefault = Object.entries(next).every(([k, v]) => v === !defaultHidden.includes(k));
      void setParams({ cols: isDefault ? null : shown });
    },
  });

  const first = pagination.pageIndex * pageSize;
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
        {toolbar}
        <details className="relative ml-auto">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
            Columns
          </summary>
          <fieldset className="absolute right-0 z-10 mt-1 w-56 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
            <legend className="sr-only">Visible columns</legend>
            {hideable.map((c) => (
              <label key={c.id} className="flex items-center gap-2 py-1 text-sm">
                <input type="checkbox" checked={c.getIsVisible()} onChange={(e) => c.toggleVisibility(e.target.checked)} />
                {c.columnDef.meta?.label ?? (typeof c.columnDef.header === "string" ? c.columnDef.header : c.id)}
              </label>
            ))}
          </fieldset>
        </details>
      </div>
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm" aria-label={label}>
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.column.columnDef.meta?.numeric;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      // Headers wrap (bottom-aligned) rather than widen a column past its figures.
                      className={clsx(CELL_X, "py-2 align-bottom font-medium", numeric && "text-right")}
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={clsx(
                            "uppercase hover:text-slate-900",
                            numeric ? "text-right" : "text-left",
                            sorted && "text-slate-900",
                          )}
                        >
                          {/* Before a figure's header (so its text lines up with the figures under it), after a name's. */}
                          {numeric ? <SortMark sorted={sorted} className="mr-1" /> : null}
                          <table.FlexRender header={header} />
                          {numeric ? null : <SortMark sorted={sorted} className="ml-1" />}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => {
              const href = rowHref?.(row.original) ?? null;
              return (
                <tr
                  key={row.id}
                  className={clsx("hover:bg-slate-50", href && "cursor-pointer")}
                  onClick={
                    href && onRowClick
                      ? (e) => {
                          // Let a click on the row's own link (or a modified click) behave as a link.
                          if ((e.target as HTMLElement).closest("a") || e.metaKey || e.ctrlKey) return;
                          onRowClick(href);
                        }
                      : undefined
                  }
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={clsx(
                        CELL_X,
                        "py-2 align-top",
                        cell.column.columnDef.meta?.numeric && "whitespace-nowrap text-right tabular-nums",
                      )}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {data.length > pageSize ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-4 border-t border-slate-200 px-5 py-3 text-sm">
          <span className="text-slate-600">
            {(first + 1).toLocaleString("en-US")}–{Math.min(first + pageSize, data.length).toLocaleString("en-US")} of{" "}
            {data.length.toLocaleString("en-US")}
          </span>
          <span className="flex items-center gap-2">
            <button
              type="button"
              onClick={() => table.previousPage()}
              disabled={!table.getCanPreviousPage()}
              className="rounded-md border border-slate-300 px-2.5 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              Previous
            </button>
            <span className="text-slate-600">
              Page {pagination.pageIndex + 1} of {pageCount}
            </span>
            <button
              type="button"
              onClick={() => table.nextPage()}
              disabled={!table.getCanNextPage()}
              className="rounded-md border border-slate-300 px-2.5 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              Next
            </button>
          </span>
        </nav>
      ) : null}
    </div>
  );
}

function SortMark({ sorted, className }: { sorted: false | "asc" | "desc"; className: string }) {
  return (
    <span aria-hidden className={clsx("inline-block w-3 text-[10px]", className)}>
      {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
    </span>
  );
}
