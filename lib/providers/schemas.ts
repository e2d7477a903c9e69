import { z } from "zod";
import { utcToday } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";
import { isoDate, isoMonth } from "@/lib/dates/schemas";
import { parseQuery } from "@/lib/http/parse-query";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

/** The sources with a key of their own (Claude Code Analytics reads with Anthropic's). */
export const ProviderName = z.enum(["openai", "anthropic", "cursor", "copilot"]);

export const ReconciliationInput = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ["to"], message: "at most 366 days" });
export type ReconciliationInput = z.infer<typeof ReconciliationInput>;

/** `GET /api/v1/reconciliation?from&to` (inclusive UTC dates; default this month to date). */
export function parseReconciliationQuery(params: URLSearchParams, now = new Date()): ReconciliationInput {
  const today = utcToday(now);
  const raw = Object.fromEntries(params);
  return parseQuery(ReconciliationInput, { from: monthStartOf(today), to: today, ...raw });
}

export const BILL_DIMENSIONS = ["provider", "model", "project", "api_key"] as const;

/** The Reconciliation screen's URL: a month (default this month), events or the provider bill, and a grouping. */
export const ReconciliationView = z.strictObject({
  month: isoMonth.optional(),
  source: z.enum(["events", "bill"]).default("events"),
  group_by: z.enum(BILL_DIMENSIONS).default("model"),
  /** The coding tools' person table for one day of the month (default: the whole month). */
  day: isoDate.optional(),
});

export const SaveKeyInput = z.object({
  provider: ProviderName,
  api_key: z.string().trim().min(8, "Paste the admin key").max(500, "At most 500 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
  base_url: z
    .string()
    .trim()
    .refine(isStorableText, STORABLE_TEXT_MESSAGE)
    .transform((v) => (v === "" ? null : v))
    .pipe(z.url({ protocol: /^https?$/, error: "Must be an http(s) URL" }).nullable()),
  /** GitHub Copilot: the organization login the token reads (else GITHUB_ORG). */
  account: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, "Must be a GitHub organization login")
        .nullable(),
    ),
});
export type SaveKeyInput = z.infer<typeof SaveKeyInput>;
