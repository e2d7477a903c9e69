import { z } from "zod";
import { monthOf } from "@/lib/dates/months";
import { isoMonth } from "@/lib/dates/schemas";
import { parseQuery } from "@/lib/http/parse-query";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { CUSTOMER_TIERS, QUOTA_METRICS } from "./rules";

const usd = z
  .string({ error: "Enter an amount in USD like 99 or 1250.50" })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,10})?$/, "Enter an amount in USD like 99 or 1250.50 (no sign, at most 10 decimals)");

/** The value events carry in `customer`: the same limits as the event field (≤ 200 chars, no control characters). */
export const ExternalId = z
  .string({ error: "Enter the customer id your events carry" })
  .trim()
  .min(1, "Enter the customer id your events carry")
  .max(200, "At most 200 characters")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  .regex(/^[^\u0000-\u001f\u007f]*$/, "Must not contain control characters")
  .refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** A customer as Settings → Customers edits it (and as one CSV row). */
export const CustomerInput = z.object({
  external_id: ExternalId,
  name: z
    .string({ error: "Give the customer a name" })
    .trim()
    .min(1, "Give the customer a name")
    .max(200, "At most 200 characters")
    .refine(isStorableText, STORABLE_TEXT_MESSAGE),
  tier: z.enum(CUSTOMER_TIERS, { error: "Must be free, trial, paid or internal" }),
  monthly_revenue_usd: usd,
});
export type CustomerInput = z.infer<typeof CustomerInput>;

/** A quota: a limit per calendar month on tokens, requests or dollars, optionally of one feature. */
export const QuotaInput = z
  .object({
    metric: z.enum(QUOTA_METRICS, { error: "Choose tokens, requests or cost_usd" }),
    limit: z
      .string({ error: "Enter a limit" })
      .trim()
      .regex(/^\d{1,15}(\.\d{1,10})?$/, "Enter a positive number"),
    feature: z
      .string()
      .trim()
      .max(200, "At most 200 characters")
      .refine(isStorableText, STORABLE_TEXT_MESSAGE)
      .nullish()
      .transform((v) => v ?? ""),
  })
  .refine((q) => Number(q.limit) > 0, { path: ["limit"], message: "Must be more than 0" })
  .refine((q) => q.metric === "cost_usd" || /^\d+$/.test(q.limit), { path: ["limit"], message: "Tokens and requests are whole numbers" });
export type QuotaInput = z.infer<typeof QuotaInput>;

/** `GET /api/v1/customers/{customer}/usage?month=YYYY-MM` and `GET /api/v1/customers/usage.csv?month=YYYY-MM`. */
export const UsageQuery = z.strictObject({ month: isoMonth.optional() });

export function parseUsageQuery(params: URLSearchParams, now = new Date()): { month: string } {
  const q = parseQuery(UsageQuery, Object.fromEntries(params));
  return { month: q.month ?? monthOf(now) };
}

/** The Customers screen's URL: the usage API's month, and `all=1` to include internal, test and staging usage. */
export const CustomersView = UsageQuery.extend({
  all: z
    .enum(["1"], { error: "must be 1 or absent" })
    .optional()
    .transform((v) => v === "1"),
});
