import { runCiFixer, runReviewBot } from "./bots";
import { type Emit, HOUR_MS, type Workload, type World } from "./calendar";
import { githubLogin, PEOPLE, type Person, type Repo, type Workflow } from "./catalog";
import { type CodingAgent, runCodingSession } from "./coding-session";
import type { DemoPullRequest, PullRequestLedger } from "./pull-requests";
import { createRng, deriveSeed, type Rng } from "./random";

const TOPICS = [
  "usage-export",
  "budget-alerts",
  "otel-ingest",
  "rate-limit-retries",
  "invoice-pdf",
  "sso-login",
  "search-index",
  "webhook-signing",
  "terraform-modules",
  "ci-cache",
  "ticket-routing",
  "kb-embeddings",
  "churn-model",
  "dbt-models",
  "onboarding-flow",
  "pricing-page",
  "audit-log",
  "csv-import",
  "session-timeouts",
  "n-plus-one-queries",
  "error-boundaries",
  "feature-flags",
  "retry-queue",
  "s3-lifecycle",
  "k8s-autoscaling",
  "reply-templates",
  "escalation-rules",
  "sentiment-scores",
  "nightly-backfill",
  "schema-drift",
  "api-pagination",
  "idempotency-keys",
  "stripe-webhooks",
  "seat-billing",
  "trial-extensions",
  "cache-warmup",
  "query-timeouts",
  "dark-mode",
] as const;

const BRANCH_KINDS = [
  ["feat", "Add"],
  ["fix", "Fix"],
  ["chore", "Update"],
] as const;

/** A piece of work on one branch: a few sessions; the PR opens in one of them (or never: an abandoned spike). */
interface WorkItem {
  repo: Repo;
  branch: string;
  title: string;
  sessions: number;
  done: number;
  prAtSession?: number;
  pr?: DemoPullRequest;
}

/** Engineers' coding agents during their working hours, plus the bots that follow their pushes. */
export function createCodingAgents(world: World, ledger: PullRequestLedger): Workload {
  const rng = createRng(deriveSeed(world.seed, 7));
  const items = new Map<Person, WorkItem>();
  const branches = new Set<string>();

  return {
    runDay(day, emit) {
      for (const person of PEOPLE) {
        const rate = person.claudeCodeSessions + person.codexSessions;
        if (rate === 0 || (day.weekend && !rng.chance(0.06))) continue;
        const sessions = day.weekend ? 1 : rng.count(rate * (0.3 + 0.7 * day.growth));
        // 09:00 local on this date; the working day may run past UTC midnight (emit allows that).
        const dayStart = day.start + (9 - person.utcOffset) * HOUR_MS;
        let at = dayStart + rng.int(0, 100 * 60_000);
        for (let s = 0; s < sessions && at < dayStart + 10 * HOUR_MS; s++) {
          const agent: CodingAgent = rng.next() * rate < person.claudeCodeSessions ? "claude-code" : "codex";
          at = work(person, agent, at, emit) + rng.int(20 * 60_000, 120 * 60_000);
        }
      }
    },
  };

  function work(person: Person, agent: CodingAgent, start: number, emit: Emit): number {
    const item = items.get(person) ?? newItem(rng, person);
    items.set(person, item);
    const opensPr = item.prAtSession === item.done;
    const phases: Workflow[] =
      item.done === 0
        ? ["planning", "exploration", "codegen", "testing"]
        : rng.chance(0.4)
          ? ["exploration", "codegen", "testing"]
          : ["codegen", "testing"];
    if (opensPr || (item.pr && rng.chance(0.5))) phases.push("review");
    const { end, pr } = runCodingSession(
      rng,
      {
        person,
        agent,
        repo: item.repo,
        branch: item.branch,
        pr: item.pr,
        phases,
        start,
        openPr: opensPr ? (at) => ledger.open(item.repo, item.branch, item.title, githubLogin(person.email), at) : undefined,
      },
      emit,
    );
    item.pr = pr;
    item.done++;
    let finished = end;
    if (pr) {
      if (rng.chance(0.85)) runReviewBot(rng, world, pr, end + rng.int(2, 6) * 60_000, emit);
      if (rng.chance(0.18)) runCiFixer(rng, pr, end + rng.int(5, 15) * 60_000, emit);
      finished = end + 20 * 60_000;
    }
    if (item.done >= item.sessions) {
      items.delete(person);
      if (pr) {
        const abandoned = rng.chance(0.12);
        ledger.settle(pr, abandoned ? "closed" : "merged", finished + (abandoned ? rng.int(24, 120) : rng.int(2, 48)) * HOUR_MS);
      }
    }
    return end;
  }

  function newItem(r: Rng, person: Person): WorkItem {
    const repo = r.pick(person.repos);
    const [prefix, verb] = r.pick(BRANCH_KINDS);
    const topic = r.pick(TOPICS);
    let branch = `${prefix}/${topic}`;
    for (let n = 2; branches.has(`${repo}#${branch}`); n++) branch = `${prefix}/${topic}-${n}`;
    branches.add(`${repo}#${branch}`);
    const sessions = r.weighted([
      [1, 3],
      [2, 4],
      [3, 3],
      [4, 2],
    ] as const);
    return {
      repo,
      branch,
      title: `${verb} ${topic.replaceAll("-", " ")}`,
      sessions,
      done: 0,
      prAtSession: r.chance(0.88) ? r.int(Math.max(0, sessions - 2), sessions - 1) : undefined,
    };
  }
}
