import { isIsoMonth } from "@/lib/dates/schemas";
import { BILL_DIMENSIONS, type BillDimension } from "@/lib/providers/bill";

export type Source = "events" | "bill";

export interface ReconciliationView {
  month: string;
  source: Source;
  groupBy: BillDimension;
}

/** Unknown values fall back to the defaults: a stale link still opens a view. */
export function readView(params: URLSearchParams, currentMonth: string): ReconciliationView | null {
  const month = params.get("month") ?? currentMonth;
  if (!isIsoMonth(month)) return null;
  const source = params.get("source") === "bill" ? "bill" : "events";
  const g = params.get("group_by");
  const groupBy = (BILL_DIMENSIONS as readonly string[]).includes(g ?? "") ? (g as BillDimension) : "model";
  return { month, source, groupBy };
}

export function viewHref(view: ReconciliationView, change: Partial<ReconciliationView>): string {
  const v = { ...view, ...change };
  return `/reconciliation?${new URLSearchParams({ month: v.month, source: v.source, group_by: v.groupBy })}`;
}
