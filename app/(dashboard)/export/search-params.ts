import { ExportView } from "@/lib/export/schemas";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

/** `?month=YYYY-MM`, as `GET /api/v1/export` reads it (default: `lastMonth`, the month finance closes). */
export function readExportView(searchParams: PageSearchParams, lastMonth: string): ParsedView<{ month: string }> {
  const parsed = parseSearchParams(ExportView, searchParams);
  return parsed.ok ? { ok: true, view: { month: parsed.view.month ?? lastMonth } } : parsed;
}
