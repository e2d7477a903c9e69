import { z } from "zod";
import { isoMonth } from "@/lib/dates/schemas";
import { type Measure, MeasureSchema } from "@/lib/effective/measures";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

const PeopleView = z.strictObject({ month: isoMonth.optional(), measure: MeasureSchema.optional() });

/** The People screen's default measure: effective, so work on a plan carries its seat. */
export const PEOPLE_MEASURE: Measure = "effective";

/** `?month=YYYY-MM` (default: `current`) and `measure`. */
export function readPeopleView(searchParams: PageSearchParams, current: string): ParsedView<{ month: string; measure: Measure }> {
  const parsed = parseSearchParams(PeopleView, searchParams);
  return parsed.ok ? { ok: true, view: { month: parsed.view.month ?? current, measure: parsed.view.measure ?? PEOPLE_MEASURE } } : parsed;
}
