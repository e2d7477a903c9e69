import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";
import { SurfacesView } from "@/lib/surfaces/schemas";

/** `?month=YYYY-MM` (default: `current`). */
export function readSurfacesView(searchParams: PageSearchParams, current: string): ParsedView<{ month: string }> {
  const parsed = parseSearchParams(SurfacesView, searchParams);
  return parsed.ok ? { ok: true, view: { month: parsed.view.month ?? current } } : parsed;
}
