import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { prDelivery } from "@/scripts/test/github-fixtures";
import { getPullRequest } from "./pull-request-detail";
import { getPullRequestStats } from "./pull-request-stats";
import { listPullRequests, parsePullRequestsQuery } from "./pull-requests";
import { recordGithubDelivery } from "./record-delivery";

const NOW = new Date("2026-11-22T12:00:00Z");

interface Pr {
  repo?: string;
  number: number;
  branch: string;
  opened: string;
  merged?: string;
  closed?: string;
  title?: string;
}

describeEachDatabase("pull requests and the PR join", (t) => {
  const ctx = () => systemContext(t.handle.db);
  let n = 0;
  async function pr(p: Pr) {
    const ended = p.merged ?? p.closed ?? null;
    const body = JSON.parse(
      prDelivery(ended ? "closed" : "opened", {
        number: p.number,
        title: p.title ?? `PR ${p.number}`,
        state: ended ? "closed" : "open",
        merged: Boolean(p.merged),
        merged_at: p.merged ?? null,
        closed_at: ended,
        created_at: p.opened,
        updated_at: ended ?? p.opened,
        head: { ref: p.branch, sha: "a".repeat(40) },
      }),
    );
    body.number = p.number;
    body.repository = { ...body.repository, full_name: p.repo ?? "acme/api" };
    const r = await recordGithubDelivery(ctx(), { id: `d-${++n}`, event: "pull_request", body: JSON.stringify(body), contentType: null });
    expect(r).toMatchObject({ status: "stored", applied: true });
  }
  async function events(list: Record<string, unknown>[]) {
    const r = await ingestEvents(
      systemContext(t.handle.db),
      list.map((e) => makeEvent({ repo: "acme/api", ...e })),
      NOW,
    );
    expect(r.rejected).toEqual([]);
  }
  const list = (query: string) => listPullRequests(ctx(), parsePullRequestsQuery(new URLSearchParams(query), NOW));
  const costs = async (query = "from=2026-11-01&to=2026-11-30") =>
    Object.fromEntries((await list(query)).rows.map((r) => [`${r.repo}#${r.number}`, [r.cost_usd, r.requests, r.sessions]]));

  it("joins by number (even after the PR ended), else by head branch within the PR's window", async () => {
    await pr({ number: 1, branch: "feat/a", opened: "2026-11-03T10:00:00Z", merged: "2026-11-05T10:00:00Z" });
    await events([
      { timestamp: "2026-11-02T09:00:00Z", branch: "feat/a", cost_usd: "1", session: "s1" }, // before the PR opened: the branch's work
      { timestamp: "2026-11-04T09:00:00Z", branch: "feat/a", cost_usd: "2", session: "s1" },
      { timestamp: "2026-11-05T10:00:00Z", branch: "feat/a", cost_usd: "40" }, // the moment it merged: after
      { timestamp: "2026-11-09T09:00:00Z", pr: 1, branch: "other", cost_usd: "0.5", session: "s2" }, // late, numbered: joins
      { timestamp: "2026-11-04T09:00:00Z", pr: 1, repo: "acme/web", cost_usd: "100" }, // another repo's #1
      { timestamp: "2026-11-04T09:00:00Z", branch: "feat/a", repo: "acme/web", cost_usd: "100" },
    ]);
    expect(await costs()).toEqual({ "acme/api#1": ["3.5000000000", 3, 2] });
  });

  it("a reused branch: events go to the PR whose window holds them; an open earlier PR keeps them all", async () => {
    await pr({ number: 10, branch: "fix/x", opened: "2026-11-01T00:00:00Z", closed: "2026-11-03T00:00:00Z" });
    await pr({ number: 11, branch: "fix/x", opened: "2026-11-04T00:00:00Z", merged: "2026-11-06T00:00:00Z" });
    await pr({ number: 20, branch: "fix/y", opened: "2026-11-01T00:00:00Z" }); // still open
    await pr({ number: 21, branch: "fix/y", opened: "2026-11-02T00:00:00Z" }); // a second PR of the same branch
    await events([
      { timestamp: "2026-11-02T00:00:00Z", branch: "fix/x", cost_usd: "1" }, // #10
      { timestamp: "2026-11-03T12:00:00Z", branch: "fix/x", cost_usd: "2" }, // after #10 closed, before #11 opened: #11
      { timestamp: "2026-11-05T00:00:00Z", branch: "fix/x", cost_usd: "4" }, // #11
      { timestamp: "2026-11-07T00:00:00Z", branch: "fix/x", cost_usd: "8" }, // after both: nobody's
      { timestamp: "2026-11-03T00:00:00Z", branch: "fix/y", cost_usd: "16" }, // #20 only, never twice
    ]);
    expect(await costs()).toEqual({
      "acme/api#10": ["1.0000000000", 1, 0],
      "acme/api#11": ["6.0000000000", 2, 0],
      "acme/api#20": ["16.0000000000", 1, 0],
      "acme/api#21": ["0.0000000000", 0, 0],
    });
  });

  it("summarises merged and abandoned work exactly, and filters by repo, state and end date", async () => {
    await pr({ number: 1, branch: "a", opened: "2026-11-01T00:00:00Z", merged: "2026-11-02T00:00:00Z" });
    await pr({ number: 2, branch: "b", opened: "2026-11-01T00:00:00Z", merged: "2026-11-10T00:00:00Z" });
    await pr({ number: 3, branch: "c", opened: "2026-11-01T00:00:00Z", closed: "2026-11-11T00:00:00Z" });
    await pr({ number: 4, branch: "d", opened: "2026-10-01T00:00:00Z", merged: "2026-10-20T00:00:00Z" }); // last month
    await pr({ number: 5, branch: "e", opened: "2026-11-01T00:00:00Z", repo: "acme/web" });
    await events([
      { timestamp: "2026-11-01T01:00:00Z", pr: 1, cost_usd: "1.0000000001" },
      { timestamp: "2026-11-01T01:00:00Z", pr: 2, cost_usd: "2" },
      { timestamp: "2026-11-01T01:00:00Z", pr: 3, cost_usd: "0.75" },
      { timestamp: "2026-10-10T01:00:00Z", pr: 4, cost_usd: "50" },
      { timestamp: "2026-11-01T01:00:00Z", pr: 5, repo: "acme/web", cost_usd: "9" },
    ]);
    const month = await list("");
    expect(month.summary).toEqual({
      merged: 2,
      closed: 1,
      cost_per_merged_pr_usd: "1.5000000001", // (1.0000000001 + 2) / 2, rounded half-up at 10 places
      abandoned_cost_usd: "0.7500000000",
      // No plan: effective = metered; list = metered (these events were priced at list).
      effective_cost_per_merged_pr_usd: "1.5000000001",
      effective_abandoned_cost_usd: "0.7500000000",
      list_cost_per_merged_pr_usd: "1.5000000001",
      list_abandoned_cost_usd: "0.7500000000",
    });
    expect(month.rows.map((r) => [r.repo, r.number, r.state])).toEqual([
      ["acme/web", 5, "open"],
      ["acme/api", 2, "merged"],
      ["acme/api", 1, "merged"],
      ["acme/api", 3, "closed"],
    ]);
    expect((await list("state=merged&from=2026-10-01&to=2026-10-31")).rows.map((r) => r.number)).toEqual([4]);
    expect((await list("repo=acme/web")).rows.map((r) => r.number)).toEqual([5]);
    expect(await list("repo=acme/none")).toEqual({
      summary: {
        merged: 0,
        closed: 0,
        cost_per_merged_pr_usd: null,
        abandoned_cost_usd: "0.0000000000",
        effective_cost_per_merged_pr_usd: null,
        effective_abandoned_cost_usd: "0.0000000000",
        list_cost_per_merged_pr_usd: null,
        list_abandoned_cost_usd: "0.0000000000",
      },
      rows: [],
    });
    expect(() => parsePullRequestsQuery(new URLSearchParams("state=draft&colour=red"), NOW)).toThrow(
      expect.objectContaining({ code: "invalid_query" }),
    );
  });

  it("splits merged PRs' cost by repo, step, model and tool, weekly; a PR page lists its sessions and calls in order", async () => {
    await pr({ number: 1, branch: "a", opened: "2026-11-02T00:00:00Z", merged: "2026-11-03T00:00:00Z" }); // week of 2 Nov
    await pr({ number: 2, branch: "b", opened: "2026-11-02T00:00:00Z", merged: "2026-11-10T00:00:00Z" }); // week of 9 Nov
    await pr({ number: 3, branch: "c", opened: "2026-11-02T00:00:00Z", merged: "2026-11-11T00:00:00Z", repo: "acme/web" });
    await events([
      { timestamp: "2026-11-02T01:00:00Z", branch: "a", workflow: "planning", model: "gpt-4o", cost_usd: "1", session: "s1" },
      { timestamp: "2026-11-02T02:00:00Z", branch: "a", workflow: "codegen", model: "gpt-4o", tool: "bash", cost_usd: "3", session: "s1" },
      { timestamp: "2026-11-02T03:00:00Z", pr: 2, workflow: "codegen", model: "o3", cost_usd: "2", session: "s2" },
      { timestamp: "2026-11-02T04:00:00Z", pr: 3, repo: "acme/web", workflow: "review", model: "o3", cost_usd: "0.5" },
    ]);
    const stats = await getPullRequestStats(ctx(), parsePullRequestsQuery(new URLSearchParams(""), NOW));
    const split = (b: "repo" | "workflow" | "model" | "tool") =>
      stats.breakdowns[b].map((r) => [r.value, r.merged_prs, r.amount_usd, r.cost_per_merged_pr_usd]);
    expect(split("repo")).toEqual([
      ["acme/api", 2, "6.0000000000", "3.0000000000"],
      ["acme/web", 1, "0.5000000000", "0.5000000000"],
    ]);
    // Steps, models and tools are divided by all 3 merged PRs, so each split adds up to 6.5 / 3.
    expect(split("workflow")).toEqual([
      ["codegen", 2, "5.0000000000", "1.6666666667"],
      ["planning", 1, "1.0000000000", "0.3333333333"],
      ["review", 1, "0.5000000000", "0.1666666667"],
    ]);
    expect(split("tool")).toEqual([
      [null, 3, "3.5000000000", "1.1666666667"],
      ["bash", 1, "3.0000000000", "1.0000000000"],
    ]);
    expect(stats.weekly).toEqual([
      { week: "2026-11-02", merged: 1, amount_usd: "4.0000000000", cost_per_merged_pr_usd: "4.0000000000" },
      { week: "2026-11-09", merged: 2, amount_usd: "2.5000000000", cost_per_merged_pr_usd: "1.2500000000" },
    ]);

    const detail = await getPullRequest(ctx(), "acme/api", 1);
    expect(detail?.pr).toMatchObject({ title: "PR 1", state: "merged", head_ref: "a", merged_at: "2026-11-03T00:00:00Z" });
    expect(detail?.totals).toMatchObject({ requests: 2, sessions: 1, cost_usd: "4.0000000000" });
    expect(detail?.byWorkflow).toEqual([
      { workflow: "codegen", requests: 1, cost_usd: "3.0000000000", effective_cost_usd: "3.0000000000", list_cost_usd: "3.0000000000" },
      { workflow: "planning", requests: 1, cost_usd: "1.0000000000", effective_cost_usd: "1.0000000000", list_cost_usd: "1.0000000000" },
    ]);
    expect(detail?.sessions.map((x) => [x.session, x.requests, x.cost_usd])).toEqual([["s1", 2, "4.0000000000"]]);
    expect(detail?.calls.map((c) => [c.workflow, c.cumulative_cost_usd])).toEqual([
      ["planning", "1.0000000000"],
      ["codegen", "4.0000000000"],
    ]);
    expect(await getPullRequest(ctx(), "acme/api", 99)).toBeNull();
  });
});
