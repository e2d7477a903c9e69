import { z } from "zod";
import { parseQuery } from "@/lib/http/parse-query";
import { isMonth } from "./months";

export const Month = z.string().refine(isMonth, "must be a month as YYYY-MM");

export const EXPORT_FORMATS = ["csv", "focus"] as const;
export const GRANULARITIES = ["day", "event"] as const;

/** `GET /api/v1/export` (DESIGN §3.7). Unknown parameters are refused rather than silently ignored. */
export const ExportInput = z.strictObject({
  month: Month,
  format: z.enum(EXPORT_FORMATS, { error: "must be csv or focus" }),
  granularity: z.enum(GRANULARITIES, { error: "must be day or event" }).default("day"),
});
export type ExportInput = z.infer<typeof ExportInput>;

export function parseExportQuery(params: URLSearchParams): ExportInput {
  return parseQuery(ExportInput, Object.fromEntries(params));
}

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
