import { type PageSearchParams, type ParsedView, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";
import { parseReviewQuery } from "@/lib/review/schemas";

/** `?week=YYYY-Www`, as `GET /api/v1/review` reads it (default: `latest`, last week). */
export function readReviewView(searchParams: PageSearchParams, latest: string): ParsedView<{ week: string }> {
  const parsed = parsePageQuery(() => parseReviewQuery(toUrlSearchParams(searchParams)));
  return parsed.ok ? { ok: true, view: { week: parsed.view.week ?? latest } } : parsed;
}
