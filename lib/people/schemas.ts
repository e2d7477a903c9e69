import { z } from "zod";
import { isoDate } from "@/lib/dates/schemas";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { AliasInput, PersonEmail } from "./kinds";

const name = z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE);
/** A team as events carry it: the same rule as the `team` dimension. "" or null = none. */
const team = z
  .string()
  .trim()
  .max(200, "at most 200 characters")
  .refine(isStorableText, STORABLE_TEXT_MESSAGE)
  .nullish()
  .transform((v) => (v ? v : null));
const day = z
  .union([isoDate, z.literal("")])
  .nullish()
  .transform((v) => (v ? v : null));

/** `POST /api/v1/people` (and a CSV line, and Settings → People). */
export const PersonInput = z
  .strictObject({
    name,
    email: PersonEmail,
    team,
    active_from: day,
    left_on: day,
    aliases: z.array(AliasInput).max(50, "at most 50 aliases").default([]),
  })
  .refine((p) => !p.active_from || !p.left_on || p.left_on >= p.active_from, {
    path: ["left_on"],
    message: "must not be before active_from",
  });
export type PersonInput = z.infer<typeof PersonInput>;

/** `PATCH /api/v1/people/{id}`: the fields given change; aliases change through their own endpoint. */
export const PersonPatch = z
  .strictObject({ name, email: PersonEmail, team, active_from: day, left_on: day })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: "give at least one of name, email, team, active_from, left_on" });
export type PersonPatch = z.infer<typeof PersonPatch>;

export { AliasInput };

/** `GET /api/v1/people`: `?active=true` leaves out people who have left. */
export const PeopleQuery = z.strictObject({
  active: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
});
