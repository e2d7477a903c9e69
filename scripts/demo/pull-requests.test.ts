import { describe, expect, it } from "vitest";
import { PullRequestDelivery, pullRequestState } from "@/lib/github/schemas";
import { listDemoPullRequests } from "./generate";
import { demoPullRequestDelivery } from "./pull-requests";

describe("demo pull requests", () => {
  it("each becomes a pull_request delivery the webhook accepts, in the PR's own state", () => {
    const prs = listDemoPullRequests({ now: new Date("2026-11-22T12:00:00Z") });
    expect(prs.length).toBeGreaterThan(20);
    for (const pr of prs) {
      const delivery = PullRequestDelivery.parse(JSON.parse(demoPullRequestDelivery(pr)));
      expect(pullRequestState(delivery.pull_request)).toBe(pr.state);
      expect(delivery.pull_request.head.ref).toBe(pr.branch);
      expect(delivery.repository.full_name).toBe(pr.repo);
    }
  });
});
