import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * The three measures of money (DESIGN §2, FOCUS's billed / effective / list): what each call cost when made
 * (`cost`: 0 on a plan), that plus the plan fees allocated to the usage (`effective`), and what it would cost at API
 * prices (`list`). Screens take `measure=` in the URL and say which one every money figure is.
 */
export const MEASURES = ["cost", "effective", "list"] as const;
export type Measure = (typeof MEASURES)[number];
export const MeasureSchema = z.enum(MEASURES, { error: "must be cost, effective or list" });

export const MEASURE_LABELS: Record<Measure, { short: string; long: string; help: string }> = {
  cost: { short: "Metered", long: "Metered cost", help: "what each call cost when made; work on a paid plan is $0" },
  effective: {
    short: "Effective",
    long: "Effective cost",
    help: "metered cost plus plan fees allocated to the usage that consumed them (seat holders first, then by list cost)",
  },
  list: { short: "List", long: "List cost", help: "what the calls would have cost at API prices" },
};

/** The field of a spend row or total that holds a measure. */
export const MEASURE_FIELD = { cost: "cost_usd", effective: "effective_cost_usd", list: "list_cost_usd" } as const satisfies Record<
  Measure,
  string
>;

/**
 * A screen's `measure` URL parameter: absent → the screen's default; anything else but the three names is refused
 * (AppError `invalid_query`, so the page shows the invalid-link view).
 */
export function readMeasure(value: string | string[] | null | undefined, fallback: Measure): Measure {
  if (value === undefined || value === null || value === "") return fallback;
  const parsed = MeasureSchema.safeParse(Array.isArray(value) ? value[value.length - 1] : value);
  if (parsed.success) return parsed.data;
  throw new AppError("invalid_query", "The query string is not valid.", [{ path: "measure", message: "must be cost, effective or list" }]);
}
