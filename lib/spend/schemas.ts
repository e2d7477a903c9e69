import { z } from "zod";
import { rangeProblem, utcToday } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";
import { isIsoDate, isoDate } from "@/lib/dates/schemas";
import { AppError } from "@/lib/errors";
import { decodeCursor } from "./cursor";
import { DIMENSIONS, INTERVALS } from "./dimensions";
import { SpendFilters, spendFiltersFromText } from "./filters";

/** Rows per page of `GET /api/v1/spend`: `limit` defaults to DEFAULT and may be raised to MAX. */
export const SPEND_ROW_LIMIT = { default: 1000, max: 10_000 } as const;

export const SpendInput = z
  .object({
    from: isoDate,
    to: isoDate,
    groupBy: z.array(z.enum(DIMENSIONS)).max(3, "at most 3 dimensions"),
    interval: z.enum(INTERVALS),
    filters: SpendFilters,
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
  const reserved = new Set(["from", "to", "group_by", "interval", "limit", "cursor"]);
  const { filters, errors } = spendFiltersFromText(
    [...new Set(params.keys())].filter((key) => !reserved.has(key)).map((key) => [key, params.getAll(key)] as const),
  );
  const today = utcToday(now);
  const groupBy = (params.get("group_by") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const limit = params.get("limit");
  if (limit !== null && !/^\d{1,6}$/.test(limit))
    errors.push({ path: "limit", message: `must be an integer from 1 to ${SPEND_ROW_LIMIT.max}` });
  const parsed = SpendInput.safeParse({
    from: params.get("from") ?? monthStartOf(today),
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
