import { z } from "zod";

/** The largest value an `integer` column holds. */
export const INT4_MAX = 2_147_483_647;

/** A count (tokens, milliseconds, a PR number): a JSON number, integer, 0..INT4_MAX. */
export const count = (label = "") =>
  z
    .number({ error: `must be a JSON number${label}` })
    .int("must be an integer")
    .min(0, "must be ≥ 0")
    .max(INT4_MAX, `must be at most ${INT4_MAX}`);

/** A required name: a non-empty string of at most `max` characters. */
export const requiredText = (max: number) =>
  z.string({ error: "is required and must be a string" }).min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** An optional string; null and "" mean "not set" (see `blank` below), so an empty field never becomes its own group. */
const optionalText = (max = 200) => z.string({ error: "must be a string" }).max(max, `must be at most ${max} characters`).nullish();

/** A dimension callers may leave out: null and "" are dropped after validation, then `fallback` (if any) applies. */
export const optionalField = <const D extends string | undefined = undefined>(fallback?: D) =>
  ({ rule: optionalText(), blank: "unset", ...(fallback === undefined ? {} : { default: fallback }) }) as {
    rule: ReturnType<typeof optionalText>;
    blank: "unset";
  } & (D extends string ? { default: D } : unknown);
