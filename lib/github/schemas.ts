import { z } from "zod";
import { isoDate } from "@/lib/dates/schemas";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

/** Text the database stores (PostgreSQL refuses NUL and unpaired surrogates). */
const text = () => z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE);

const isoTime = z.iso.datetime({ offset: true });
const user = z.object({ login: text(), type: z.string().optional() }).nullable().optional();

/** The parts of a `pull_request` delivery Burnrate keeps (specs/github-webhooks.md §3); other fields are ignored. */
export const PullRequestDelivery = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.object({
    id: z.number().int().optional(),
    number: z.number().int().positive(),
    html_url: text().optional(),
    state: z.enum(["open", "closed"]),
    title: text(),
    user,
    draft: z.boolean().optional(),
    head: z.object({ ref: text().min(1), sha: text().optional() }),
    base: z.object({ ref: text() }).optional(),
    created_at: isoTime,
    updated_at: isoTime,
    closed_at: isoTime.nullable().optional(),
    merged_at: isoTime.nullable().optional(),
    merged: z.boolean().nullable().optional(),
    additions: z.number().int().optional(),
    deletions: z.number().int().optional(),
    changed_files: z.number().int().optional(),
  }),
  repository: z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "must be owner/name") }),
});
export type PullRequestDelivery = z.infer<typeof PullRequestDelivery>;

export type PullRequestState = "open" | "merged" | "closed";

/** There is no `merged` action: a closed PR with `merged: true` is merged; closed without it is abandoned. */
export function pullRequestState(pr: PullRequestDelivery["pull_request"]): PullRequestState {
  if (pr.state === "open") return "open";
  return pr.merged === true || pr.merged_at ? "merged" : "closed";
}

/** `GET /api/v1/pull-requests`: `from`/`to` bound the merged/closed date (default: this month to date). */
export const PullRequestsInput = z
  .object({
    repo: text().min(1).max(200).optional(),
    state: z.enum(["open", "merged", "closed"]).optional(),
    from: isoDate,
    to: isoDate,
  })
  .strict()
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must not be after to" });
export type PullRequestsInput = z.infer<typeof PullRequestsInput>;
