import { z } from "zod";
import { utcToday } from "@/lib/dates/calendar";
import { isoDate } from "@/lib/dates/schemas";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

/** USD per million tokens: a non-negative decimal (string or JSON number), at most 10 places, as stored. */
const perMtok = z
  .union([z.string().trim(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v))
  .refine((v) => /^\d{1,9}(\.\d{1,10})?$/.test(v), {
    message: "must be a price in USD per million tokens: a number ≥ 0 like 0.4 or 15 (at most 10 decimals)",
  });

/** A catalog price's factor: a positive decimal, at most 6 places (2 = twice the price, 0.8 = 20 % off). */
const multiplier = z
  .union([z.string().trim(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v))
  .refine((v) => /^\d{1,6}(\.\d{1,6})?$/.test(v) && Number(v) > 0, {
    message: "must be a factor > 0 like 2 or 0.8 (at most 6 decimals)",
  });

const modelId = (what: string) =>
  z.string().trim().toLowerCase().min(1, what).max(200, "At most 200 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** How far ahead a price may take effect: a provider's announced change, not a typo of the year. */
export const MAX_DAYS_AHEAD = 366;

/**
 * `POST /api/v1/prices` and Settings → Prices: a price card for one model, or every model a pattern matches
 * (`ft:gpt-4.1-mini:*`; `*` alone: every model of the provider), from a UTC date. Either its own prices (input and
 * output; missing cache prices are the input price), or a catalog price × `multiplier`: `as_model`'s (a fine-tune
 * priced as its base) or, without it, each event's own model's (a negotiated discount).
 */
export const PriceOverrideInput = z
  .strictObject({
    provider: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Name the provider events carry (e.g. openai)")
      .max(50, "At most 50 characters")
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use the provider id events carry: letters, digits, dot, dash (e.g. openai)"),
    model: modelId("Name the model, or a pattern with * (e.g. ft:gpt-4.1-mini:*)"),
    effective_from: isoDate.refine(
      (d) => Date.parse(d) - Date.parse(utcToday()) <= MAX_DAYS_AHEAD * 86_400_000,
      `must be at most ${MAX_DAYS_AHEAD} days from today`,
    ),
    input_per_mtok: perMtok.nullish(),
    output_per_mtok: perMtok.nullish(),
    cache_read_per_mtok: perMtok.nullish(),
    cache_write_per_mtok: perMtok.nullish(),
    as_model: modelId("Name the model whose catalog price to use").nullish(),
    multiplier: multiplier.nullish(),
    note: z
      .string()
      .trim()
      .max(500, "At most 500 characters")
      .refine(isStorableText, STORABLE_TEXT_MESSAGE)
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const priced = ["input_per_mtok", "output_per_mtok", "cache_read_per_mtok", "cache_write_per_mtok"] as const;
    if (p.multiplier) {
      for (const k of priced) if (p[k]) issue(k, "leave out: a card with a multiplier prices from the catalog");
    } else {
      if (p.as_model) issue("multiplier", "give the factor for the catalog price of as_model (1 for it as it is)");
      for (const k of ["input_per_mtok", "output_per_mtok"] as const)
        if (!p[k]) issue(k, "required, unless the card prices from the catalog with a multiplier");
      if (p.model.replaceAll("*", "").trim() === "") issue("model", "A pattern needs some fixed characters besides * (or a multiplier)");
    }
    if (p.as_model?.includes("*")) issue("as_model", "must be one model, not a pattern");
  });
/** `GET /api/v1/prices?provider=&model=`: both optional, each a case-insensitive substring. */
export const PricesQuery = z.strictObject({
  provider: z.string().trim().toLowerCase().max(50).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  model: z.string().trim().toLowerCase().max(200).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
});
export type PricesQuery = z.infer<typeof PricesQuery>;

/**
 * `POST /api/v1/prices/reprice`: a preview (`dry_run`) or a job. Without `provider`/`model` it covers the models today's
 * cards concern: those a card matches, those with unpriced events, and those a card deleted since the last finished
 * reprice matched. With them (a model may be a pattern) it covers exactly those models, e.g. after a catalog update.
 */
export const RepriceInput = z.strictObject({
  dry_run: z.boolean({ error: "must be true (preview) or false (apply)" }),
  provider: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(50, "At most 50 characters")
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use the provider id events carry: letters, digits, dot, dash (e.g. openai)")
    .optional(),
  model: modelId("Name the model, or a pattern with * (e.g. ft:gpt-4.1-mini:*)").optional(),
});
export type RepriceInput = z.infer<typeof RepriceInput>;
