import { sign, verify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { MERGED_PR_BODY, MERGED_PR_SIGNATURE, PING_BODY, PING_SIGNATURE } from "@/scripts/test/github-fixtures";
import { PullRequestDelivery, pullRequestState } from "./schemas";

describe("GitHub signatures and payloads", () => {
  it("agrees with GitHub's documented test vector and the spec's fixtures, byte for byte", async () => {
    expect(await sign("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
    expect(await verify("test-webhook-secret", MERGED_PR_BODY, MERGED_PR_SIGNATURE)).toBe(true);
    expect(await verify("test-webhook-secret", PING_BODY, PING_SIGNATURE)).toBe(true);
    // One flipped byte, or the same JSON pretty-printed, no longer verifies.
    expect(await verify("test-webhook-secret", MERGED_PR_BODY.replace('"number":42', '"number":43'), MERGED_PR_SIGNATURE)).toBe(false);
    expect(await verify("test-webhook-secret", JSON.stringify(JSON.parse(MERGED_PR_BODY), null, 2), MERGED_PR_SIGNATURE)).toBe(false);
  });

  it("derives open / merged / closed (abandoned) from the PR, not from the action", () => {
    const pr = PullRequestDelivery.parse(JSON.parse(MERGED_PR_BODY)).pull_request;
    expect(pullRequestState(pr)).toBe("merged");
    expect(pullRequestState({ ...pr, merged: false, merged_at: null })).toBe("closed");
    expect(pullRequestState({ ...pr, state: "open", merged: false, merged_at: null })).toBe("open");
    // merge_commit_sha is set even on unmerged PRs and is not looked at.
    expect(pullRequestState({ ...pr, merged: null, merged_at: null })).toBe("closed");
  });
});
