import { readFileSync } from "node:fs";
import path from "node:path";

/** The signed deliveries of specs/github-webhooks.md §5, byte for byte (secret `test-webhook-secret`). */
const dir = path.join(process.cwd(), "scripts/test/fixtures/github");
export const MERGED_PR_BODY = readFileSync(path.join(dir, "pull-request-merged.json"), "utf8");
export const MERGED_PR_SIGNATURE = "sha256=f09cf2408a07684257d4397eeb65c219a4964265c2e795846a047d4a0449669f";
export const MERGED_PR_DELIVERY = "6d1c2f90-7f3a-11f1-8b2e-3a9c1e0f4b21";
export const PING_BODY = readFileSync(path.join(dir, "ping.json"), "utf8");
export const PING_SIGNATURE = "sha256=364228093bf734ee459e8dc74986683d689221b151f7ede6f9f427adfc8ab3ae";

/** A pull_request delivery built from the merged fixture, with the PR fields overridden (for state sequences). */
export function prDelivery(action: string, pr: Record<string, unknown>): string {
  const base = JSON.parse(MERGED_PR_BODY) as { pull_request: Record<string, unknown> } & Record<string, unknown>;
  return JSON.stringify({ ...base, action, pull_request: { ...base.pull_request, ...pr } });
}

/** A closed pull_request delivery of PR `number` in `repo` (owner/name), the PR's fields over the fixture's. */
export function closedPrDelivery(repo: string, number: number, pr: Record<string, unknown>): string {
  const body = JSON.parse(prDelivery("closed", { number, state: "closed", ...pr }));
  body.number = number;
  body.repository = { ...body.repository, full_name: repo };
  return JSON.stringify(body);
}
