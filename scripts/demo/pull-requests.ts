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
