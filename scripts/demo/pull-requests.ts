import { FIRST_PR_NUMBER, type Repo } from "./catalog";

/** A pull request the demo's events point at, for seeding matching GitHub `pull_request` webhooks. */
export interface DemoPullRequest {
  repo: Repo;
  number: number;
  /** Head branch: events of the branch before the PR existed belong to it too (DESIGN §3.4 join rule). */
  branch: string;
  title: string;
  /** GitHub login. */
  author: string;
  openedAt: string;
  state: "open" | "merged" | "closed";
  mergedAt?: string;
  closedAt?: string;
}

/** Hands out PR numbers per repo and settles each PR's outcome (only outcomes that happened by `now`). */
export class PullRequestLedger {
  private readonly next: Record<Repo, number> = { ...FIRST_PR_NUMBER };
  private readonly records: DemoPullRequest[] = [];

  constructor(private readonly now: number) {}

  open(repo: Repo, branch: string, title: string, author: string, at: number): DemoPullRequest {
    const pr: DemoPullRequest = {
      repo,
      number: this.next[repo]++,
      branch,
      title,
      author,
      openedAt: new Date(at).toISOString(),
      state: "open",
    };
    this.records.push(pr);
    return pr;
  }

  settle(pr: DemoPullRequest, outcome: "merged" | "closed", at: number): void {
    if (at > this.now) return;
    const when = new Date(at).toISOString();
    pr.state = outcome;
    pr.closedAt = when;
    if (outcome === "merged") pr.mergedAt = when;
  }

  list(): DemoPullRequest[] {
    return [...this.records].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.number - b.number);
  }
}

/** The `pull_request` delivery GitHub would send for the PR's current state (specs/github-webhooks.md §3). */
export function demoPullRequestDelivery(pr: DemoPullRequest): string {
  const ended = pr.closedAt ?? null;
  const size = (pr.number * 7919) % 600;
  return JSON.stringify({
    action: ended ? "closed" : "opened",
    number: pr.number,
    pull_request: {
      number: pr.number,
      html_url: `https://github.com/${pr.repo}/pull/${pr.number}`,
      state: ended ? "closed" : "open",
      title: pr.title,
      user: { login: pr.author, type: "User" },
      draft: false,
      head: { ref: pr.branch },
      base: { ref: "main" },
      created_at: pr.openedAt,
      updated_at: ended ?? pr.openedAt,
      closed_at: ended,
      merged_at: pr.mergedAt ?? null,
      merged: pr.state === "merged",
      additions: 20 + size,
      deletions: Math.round(size / 3),
      changed_files: 1 + (size % 14),
    },
    repository: { full_name: pr.repo },
  });
}
