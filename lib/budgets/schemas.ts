import Big from "big.js";
import { z } from "zod";
import { MeasureSchema } from "@/lib/effective/measures";
import { DIMENSIONS } from "@/lib/spend/dimensions";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { BUDGET_PERIODS } from "./periods";

export const DEFAULT_THRESHOLDS = [50, 80, 100];

const decimal = /^\d{1,13}(\.\d{1,10})?$/;

/** `amount_usd`: a JSON number or a decimal string, > 0, at most 10 fractional digits; stored exactly. */
const AmountUsd = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => decimal.test(v), 'must be a decimal amount in USD, e.g. "500" or "12.50"')
  .refine((v) => !decimal.test(v) || new Big(v).gt(0), "must be greater than 0")
  .transform((v) => new Big(v).toFixed());

/** A Slack-compatible incoming webhook (http or https). */
export const WebhookUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2000, "must be at most 2000 characters")
  .refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** Dimension → value (one value per dimension); `{}` = all spend. */
export const BudgetFilters = z
  .record(
    z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE),
    z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
  )
  .superRefine((filters, ctx) => {
    for (const key of Object.keys(filters)) {
      if (!(DIMENSIONS as readonly string[]).includes(key)) ctx.addIssue({ code: "custom", path: [key], message: "is not a dimension" });
    }
  })
  .default({});

/** The body of `POST /api/v1/budgets` (DESIGN §3.6); the Settings form submits the same shape. */
export const BudgetInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
  amount_usd: AmountUsd,
  period: z.enum(BUDGET_PERIODS, { error: 'must be "day", "week" or "month"' }),
  filters: BudgetFilters,
  thresholds: z
    .array(z.number().int("must be whole percents").min(1, "must be at least 1").max(1000, "must be at most 1000"))
    .min(1, "needs at least one threshold")
    .max(10, "at most 10 thresholds")
    .default(DEFAULT_THRESHOLDS)
    .transform((t) => [...new Set(t)].sort((a, b) => a - b)),
  webhook_url: z.union([z.literal("").transform(() => undefined), z.null().transform(() => undefined), WebhookUrl]).optional(),
  /** What "spent" counts: metered cost (default, DESIGN §3.6), effective cost or list cost (§3.12). */
  measure: MeasureSchema.default("cost"),
});
export type BudgetInput = z.infer<typeof BudgetInput>;
