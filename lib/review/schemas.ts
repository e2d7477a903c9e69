import { z } from "zod";
import { isoWeek, weekProblem } from "@/lib/dates/schemas";
import { AppError } from "@/lib/errors";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { CAUSE_TAGS, REVIEW_STATUSES } from "./rules";

/** `GET /api/v1/review`: `week` only (default: last week). */
export function parseReviewQuery(params: URLSearchParams): { week: string | null } {
  const errors: { path: string; message: string }[] = [];
  for (const key of new Set(params.keys())) if (key !== "week") errors.push({ path: key, message: "is not a known parameter" });
  const week = params.get("week");
  const problem = week === null ? null : weekProblem(week);
  if (problem) errors.push({ path: "week", message: problem });
  if (errors.length > 0) throw new AppError("invalid_query", "The query has invalid parameters; see the details.", errors);
  return { week };
}

/** A teammate's mark on a review item. */
export const MarkInput = z.object({
  week: isoWeek,
  kind: z.enum(["request", "session"]),
  id: z.string().min(1).max(200).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  status: z.enum(REVIEW_STATUSES, { error: "Choose a status" }),
  tags: z.array(z.enum(CAUSE_TAGS, { error: "Unknown cause" })).max(CAUSE_TAGS.length),
  note: z
    .string()
    .trim()
    .max(2000, "At most 2,000 characters")
    .refine(isStorableText, STORABLE_TEXT_MESSAGE)
    .transform((v) => (v === "" ? null : v)),
  owner: z
    .string()
    .trim()
    .max(200, "At most 200 characters")
    .refine(isStorableText, STORABLE_TEXT_MESSAGE)
    .transform((v) => (v === "" ? null : v)),
});
export type MarkInput = z.infer<typeof MarkInput>;
