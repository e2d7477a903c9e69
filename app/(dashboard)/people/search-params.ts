import { z } from "zod";
import { isoMonth } from "@/lib/dates/schemas";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

const PeopleView = z.strictObject({ month: isoMonth.optional() });

/** `?month=YYYY-MM` (default: `current`). */
export function readPeopleView(searchParams: PageSearchParams, current: string): ParsedView<{ month: string }> {
  const parsed = parseSearchParams(PeopleView, searchParams);
  return parsed.ok ? { ok: true, view: { month: parsed.view.month ?? current } } : parsed;
}
