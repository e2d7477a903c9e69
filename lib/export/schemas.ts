import { z } from "zod";
import { isoMonth } from "@/lib/dates/schemas";
import { parseQuery } from "@/lib/http/parse-query";

export const EXPORT_FORMATS = ["csv", "focus"] as const;
export const GRANULARITIES = ["day", "event"] as const;

/** `GET /api/v1/export` (DESIGN §3.7). Unknown parameters are refused rather than silently ignored. */
export const ExportInput = z.strictObject({
  month: isoMonth,
  format: z.enum(EXPORT_FORMATS, { error: "must be csv or focus" }),
  granularity: z.enum(GRANULARITIES, { error: "must be day or event" }).default("day"),
});
export type ExportInput = z.infer<typeof ExportInput>;

/** The Export screen's URL: the API's month alone (default: the month that just ended). */
export const ExportView = ExportInput.pick({ month: true }).partial();

export function parseExportQuery(params: URLSearchParams): ExportInput {
  return parseQuery(ExportInput, Object.fromEntries(params));
}

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * The Export screen's file name for one download, so the four files of a month do not overwrite each other:
 * `burnrate-2026-11.csv` (the API's name, DESIGN §3.7), `-events`, `-focus`, `-focus-events`.
 */
export function downloadFilename(input: ExportInput): string {
  const suffix = [input.format === "focus" ? "focus" : "", input.granularity === "event" ? "events" : ""].filter(Boolean).join("-");
  return `burnrate-${input.month}${suffix ? `-${suffix}` : ""}.csv`;
}
