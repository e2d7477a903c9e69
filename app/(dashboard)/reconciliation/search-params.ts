import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";
import type { BillDimension } from "@/lib/providers/bill";
import { ReconciliationView as ViewSchema } from "@/lib/providers/schemas";

export type Source = "events" | "bill";

export interface ReconciliationView {
  month: string;
  source: Source;
  groupBy: BillDimension;
}

/** `?month=YYYY-MM&source&group_by` (default: this month's attributed events by model). */
export function readView(searchParams: PageSearchParams, currentMonth: string): ParsedView<ReconciliationView> {
  const parsed = parseSearchParams(ViewSchema, searchParams);
  if (!parsed.ok) return parsed;
  const { month, source, group_by } = parsed.view;
  return { ok: true, view: { month: month ?? currentMonth, source, groupBy: group_by } };
}

export function viewHref(view: ReconciliationView, change: Partial<ReconciliationView>): string {
  const v = { ...view, ...change };
  return `/reconciliation?${new URLSearchParams({ month: v.month, source: v.source, group_by: v.groupBy })}`;
}
