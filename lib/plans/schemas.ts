import { z } from "zod";
import { isoDate } from "@/lib/dates/schemas";
import { PersonEmail } from "@/lib/people/kinds";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine(isStorableText, STORABLE_TEXT_MESSAGE)
    .transform((v) => (v === "" ? null : v))
    .nullish()
    .transform((v) => v ?? null);

/** A plan as Settings → Plans edits it. Money is a decimal string (at most 10 places, as stored). */
export const PlanInput = z
  .object({
    name: z.string().trim().min(1, "Give the plan a name").max(100, "At most 100 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
    vendor: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Name the vendor (the provider its events carry, e.g. anthropic)")
      .max(50, "At most 50 characters")
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use the provider id events carry: letters, digits, dot, dash (e.g. anthropic)"),
    tool: optionalText(100),
    seats: z.coerce
      .number({ error: "Enter a whole number of seats" })
      .int("Enter a whole number of seats")
      .min(1, "At least 1 seat")
      .max(1_000_000, "At most 1,000,000 seats"),
    fee_per_seat_usd: z
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,10})?$/, "Enter an amount in USD like 25 or 30.00 (at most 10 decimals)"),
    start_date: isoDate,
    end_date: z
      .union([isoDate, z.literal("")])
      .nullish()
      .transform((v) => (v ? v : null)),
    included_requests_per_seat: z
      .union([z.literal(""), z.coerce.number().int("Enter a whole number").min(1, "At least 1 (or leave empty)")])
      .nullish()
      .transform((v) => (v === "" || v === undefined || v === null ? null : v)),
    /** Who holds the seats, by a person's email (primary or an email alias): a list, or text separated by commas. Absent: unchanged. */
    seat_holders: z
      .preprocess((v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v), z.array(PersonEmail).max(100_000))
      .optional(),
  })
  .refine((p) => p.end_date === null || p.end_date >= p.start_date, { path: ["end_date"], message: "Must not be before the start date" })
  .refine((p) => p.seat_holders === undefined || p.seat_holders.length <= p.seats, {
    path: ["seat_holders"],
    message: "More holders than seats",
  })
  .refine((p) => p.seat_holders === undefined || new Set(p.seat_holders).size === p.seat_holders.length, {
    path: ["seat_holders"],
    message: "A person is named twice",
  });
export type PlanInput = z.infer<typeof PlanInput>;

/** `GET /api/v1/plans` takes no parameters. */
export const NoQuery = z.strictObject({});
