import { z } from "zod";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { DIMENSIONS, type Dimension } from "./dimensions";

/** A filter value: a string, or null for "not set" (an empty query value, e.g. `?team=`). */
export type FilterValue = string | number | boolean | null;

/**
 * What spend is filtered by: dimension → the values it may take (any of them). The one definition of a filter, for
 * `GET /api/v1/spend`'s query string, the explorer's URLs and a budget's stored filters alike.
 */
export const SpendFilters = z.partialRecord(
  z.enum(DIMENSIONS),
  z.array(z.union([z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE), z.number(), z.boolean(), z.null()])).min(1),
);
export type SpendFilters = z.infer<typeof SpendFilters>;

export interface FilterProblem {
  path: string;
  message: string;
}

/**
 * Filters written as text — a query string's dimension parameters, a budget's stored `{ dimension: value }` — as
 * SpendFilters: "" is null (not set), and each value typed as its dimension is declared (lib/dimensions): a boolean
 * is true/false, an integer positive, a lower-cased dimension lower case.
 * Problems are reported by key, and the filters stay usable for reporting the rest.
 */
export function spendFiltersFromText(entries: Iterable<readonly [string, readonly string[]]>): {
  filters: SpendFilters;
  errors: FilterProblem[];
} {
  const errors: FilterProblem[] = [];
  const filters: Partial<Record<Dimension, FilterValue[]>> = {};
  for (const [key, raws] of entries) {
    if (!(DIMENSIONS as readonly string[]).includes(key)) {
      errors.push({ path: key, message: "is not a known parameter or dimension" });
      continue;
    }
    const dim = key as Dimension;
    filters[dim] = raws.map((raw) => {
      if (raw === "") return null;
      const { type, lowercase } = dimensionSpec(dim);
      if (type === "boolean") {
        if (raw !== "true" && raw !== "false") errors.push({ path: key, message: 'must be "true" or "false"' });
        return raw === "true";
      }
      if (type === "integer") {
        if (!/^[1-9]\d{0,9}$/.test(raw)) errors.push({ path: key, message: "must be a positive integer" });
        return Number(raw);
      }
      return lowercase ? raw.toLowerCase() : raw;
    });
  }
  return { filters, errors };
}
