import { z } from "zod";
import { AppError } from "@/lib/http/app-error";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { DIMENSIONS, type Dimension, INTERVALS } from "./dimensions";

/** An inclusive UTC calendar date, YYYY-MM-DD (every date range of the API). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "is not a calendar date",
  );

/** A filter value: a string, or null for "not set" (an empty query value, e.g. `?team=`). */
export type FilterValue = string | number | boolean | null;

export const SpendInput = z
  .object({
    from: isoDate,
    to: isoDate,
    groupBy: z.array(z.enum(DIMENSIONS)).max(3, "at most 3 dimensions"),
    interval: z.enum(INTERVALS),
    filters: z.partialRecord(
      z.enum(DIMENSIONS),
      z.array(z.union([z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE), z.number(), z.boolean(), z.null()])).min(1),
    ),
  })
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" })
  .refine((q) => new Set(q.groupBy).size === q.groupBy.length, { path: ["group_by"], message: "must not repeat a dimension" });
export type SpendInput = z.infer<typeof SpendInput>;

export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Parses the query string of `GET /api/v1/spend` (and the dashboard's URLs). Unknown parameters are an error. */
export function parseSpendQuery(params: URLSearchParams, now = new Date()): SpendInput {
  const errors: { path: string; message: string }[] = [];
  const filters: Partial<Record<Dimension, FilterValue[]>> = {};
  for (const key of new Set(params.keys())) {
    if (["from", "to", "group_by", "interval"].includes(key)) continue;
    if (!(DIMENSIONS as readonly string[]).includes(key)) {
      errors.push({ path: key, message: "is not a known parameter or dimension" });
      continue;
    }
    const dim = key as Dimension;
    filters[dim] = params.getAll(key).map((raw) => {
      if (raw === "") return null;
      if (dim === "billable") {
        if (raw !== "true" && raw !== "false") errors.push({ path: key, message: 'must be "true" or "false"' });
        return raw === "true";
      }
      if (dim === "pr") {
        if (!/^[1-9]\d{0,9}$/.test(raw)) errors.push({ path: key, message: "must be a positive integer" });
        return Number(raw);
      }
      if (dim === "provider") return raw.toLowerCase();
      return raw;
    });
  }
  const today = utcToday(now);
  const groupBy = (params.get("group_by") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = SpendInput.safeParse({
    from: params.get("from") ?? `${today.slice(0, 8)}01`,
    to: params.get("to") ?? today,
    groupBy,
    interval: params.get("interval") ?? "none",
    filters,
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.path[0] === "groupBy" ? "group_by" : i.path.map(String).join(".");
      errors.push({ path, message: i.message });
    }
  }
  if (errors.length > 0 || !parsed.success) {
    throw new AppError("invalid_query", "The query string is not valid.", errors);
  }
  return parsed.data;
}
