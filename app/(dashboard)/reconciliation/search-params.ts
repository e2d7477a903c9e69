import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";
import type { BillDimension } from "@/lib/providers/bill";
import { ReconciliationView as ViewSchema } from "@/lib/providers/schemas";

export type Source = "events" | "bill";

export interface ReconciliationView {
  month: string;
  source: Source;
  groupBy: BillDimension;
  /** The coding tools' people for this day (of `month`) rather than the whole month. */
  day?: string;
}

/** `?month=YYYY-MM&source&group_by` (default: this month's attributed events by model). */
export function readView(searchParams: PageSearchParams, currentMonth: string): ParsedView<ReconciliationView> {
  const parsed = parseSearchParams(ViewSchema, searchParams);
  if (!parsed.ok) return parsed;
  const { month, source, group_by, day } = parsed.view;
  const m = month ?? currentMonth;
  if (day && !day.startsWith(m)) return { ok: false, details: [{ path: "day", message: `must be a day of ${m}` }] };
  return { ok: true, view: { month: m, source, groupBy: group_by, ...(day ? { day } : {}) } };
}

export function viewHref(view: ReconciliationView, change: Partial<ReconciliationView>): string {
  const v = { ...view, ...change };
  const q = new URLSearchParams({ month: v.month, source: v.source, group_by: v.groupBy });
  if (v.day?.startsWith(v.month)) q.set("day", v.day);
  return `/reconciliation?${q}`;
}
