import { z } from "zod";
import { rangeProblem, utcToday } from "@/lib/dates/calendar";
import { isIsoDate, isoDate } from "@/lib/dates/schemas";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { AppError } from "@/lib/http/app-error";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { decodeCursor } from "./cursor";
import { DIMENSIONS, type Dimension, INTERVALS } from "./dimensions";

/** Rows per page of `GET /api/v1/spend`: `limit` defaults to DEFAULT and may be raised to MAX. */
export const SPEND_ROW_LIMIT = { default: 1000, max: 10_000 } as const;

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
    /** Rows per page (default SPEND_ROW_LIMIT.default); totals always cover every row. */
    limit: z.number().int().min(1).max(SPEND_ROW_LIMIT.max).optional(),
    /** Rows of the full, ordered result to skip (what a cursor decodes to). */
    offset: z.number().int().min(0).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" })
  .superRefine((q, ctx) => {
    if (!isIsoDate(q.from) || !isIsoDate(q.to) || q.from > q.to) return;
    const message = rangeProblem(q.from, q.to, q.interval);
    if (message) ctx.addIssue({ code: "custom", path: ["from"], message });
  })
  .refine((q) => new Set(q.groupBy).size === q.groupBy.length, { path: ["group_by"], message: "must not repeat a dimension" });
export type SpendInput = z.infer<typeof SpendInput>;

/** Parses the query string of `GET /api/v1/spend` (and the dashboard's URLs). Unknown parameters are an error. */
export function parseSpendQuery(params: URLSearchParams, now = new Date()): SpendInput {
  const errors: { path: string; message: string }[] = [];
  const filters: Partial<Record<Dimension, FilterValue[]>> = {};
  for (const key of new Set(params.keys())) {
    if (["from", "to", "group_by", "interval", "limit", "cursor"].includes(key)) continue;
    if (!(DIMENSIONS as readonly string[]).includes(key)) {
      errors.push({ path: key, message: "is not a known parameter or dimension" });
      continue;
    }
    const dim = key as Dimension;
    filters[dim] = params.getAll(key).map((raw) => {
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
  const today = utcToday(now);
  const groupBy = (params.get("group_by") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const limit = params.get("limit");
  if (limit !== null && !/^\d{1,6}$/.test(limit))
    errors.push({ path: "limit", message: `must be an integer from 1 to ${SPEND_ROW_LIMIT.max}` });
  const parsed = SpendInput.safeParse({
    from: params.get("from") ?? `${today.slice(0, 8)}01`,
    to: params.get("to") ?? today,
    groupBy,
    interval: params.get("interval") ?? "none",
    filters,
    ...(limit !== null && /^\d{1,6}$/.test(limit) ? { limit: Number(limit) } : {}),
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.path[0] === "groupBy" ? "group_by" : i.path.map(String).join(".");
      errors.push({ path, message: path === "limit" ? `must be an integer from 1 to ${SPEND_ROW_LIMIT.max}` : i.message });
    }
  }
  const cursor = params.get("cursor");
  let offset: number | undefined;
  if (cursor !== null && parsed.success) {
    const decoded = decodeCursor(parsed.data, cursor);
    if (decoded === null)
      errors.push({ path: "cursor", message: "is not a cursor of this query (pass next_cursor with the same parameters)" });
    else offset = decoded;
  }
  if (errors.length > 0 || !parsed.success) {
    throw new AppError("invalid_query", "The query string is not valid.", errors);
  }
  return offset === undefined ? parsed.data : { ...parsed.data, offset };
}
