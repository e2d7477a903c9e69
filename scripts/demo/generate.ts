import { createBulkPlanJob } from "./bulk-plan";
import { buildDay, buildStory, DAY_MS, isoDate, type Story, utcDayStart, type Workload, type World } from "./calendar";
import { AGENTS, BULK_USER, CUSTOMERS, FEATURES, MODELS, PEOPLE, PLANS, REPOS, TEAMS, TOOLS, UNKNOWN_MODEL, WORKFLOWS } from "./catalog";
import { createCodingAgents } from "./coding";
import { createEvals } from "./evals";
import { type DemoEvent, type Draft, finalizeEvent } from "./events";
import { createChat, createExtract, createSummarize, createTriage, PRODUCT_VOLUME } from "./product";
import { type DemoPullRequest, PullRequestLedger } from "./pull-requests";
import { createRunaway, RUNAWAY } from "./runaway";

export type { DemoEvent } from "./events";
export type { DemoPullRequest } from "./pull-requests";
export { PRODUCT_VOLUME };

export interface DemoOptions {
  now: Date;
  /** Calendar days (UTC) up to and including today. Default 90. */
  days?: number;
  /** Default 42. */
  seed?: number;
  /** Multiplier on product traffic and bulk jobs; 1 ≈ 100k events over 90 days. Default 1. */
  scale?: number;
}

interface Demo {
  events: Generator<DemoEvent>;
  ledger: PullRequestLedger;
}

function createDemo(opts: DemoOptions): Demo {
  const now = opts.now.getTime();
  const days = opts.days ?? 90;
  const seed = opts.seed ?? 42;
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(now)) throw new RangeError("now must be a valid date");
  if (!Number.isInteger(days) || days < 1) throw new RangeError("days must be a positive integer");
  if (!Number.isSafeInteger(seed)) throw new RangeError("seed must be an integer");
  if (!(scale > 0)) throw new RangeError("scale must be positive");

  const world: World = { seed, now, scale, story: buildStory(opts.now) };
  const ledger = new PullRequestLedger(now);
  // Order matters only for determinism: each workload draws from its own seeded stream.
  const workloads: Workload[] = [
    createChat(world),
    createSummarize(world),
    createExtract(world),
    createTriage(world),
    createEvals(world),
    createBulkPlanJob(world),
    createCodingAgents(world, ledger),
    createRunaway(world, ledger),
  ];

  function* events(): Generator<DemoEvent> {
    const today = utcDayStart(now);
    let pending: Draft[] = [];
    let sequence = 0;
    for (let daysAgo = days - 1; daysAgo >= 0; daysAgo--) {
      const day = buildDay(today, daysAgo);
      for (const workload of workloads) workload.runDay(day, (draft) => pending.push(draft));
      // Workloads never emit before the day they run for, so everything before tomorrow is final.
      const cutoff = daysAgo === 0 ? now + 1 : day.start + DAY_MS;
      pending.sort((a, b) => a.at - b.at);
      let ready = 0;
      while (ready < pending.length && pending[ready]!.at < cutoff) ready++;
      for (let i = 0; i < ready; i++) yield finalizeEvent(pending[i]!, `demo-${seed}-${++sequence}`);
      pending = pending.slice(ready);
    }
  }

  return { events: events(), ledger };
}

/**
 * Deterministic demo traffic for the `days` UTC days up to `now`, oldest first: same options ⇒ same events,
 * byte for byte. Every event passes `POST /api/v1/events` (DESIGN §3.2).
 */
export function* generateDemoEvents(opts: DemoOptions): Generator<DemoEvent> {
  yield* createDemo(opts).events;
}

/** The pull requests the events of `generateDemoEvents(opts)` point at, with their outcome as of `now`. */
export function listDemoPullRequests(opts: DemoOptions): DemoPullRequest[] {
  const demo = createDemo(opts);
  for (const _ of demo.events);
  return demo.ledger.list();
}

/** The UTC dates of the story's turning points for a given `now`. */
export function demoStoryDates(now: Date): Record<keyof Story, string> {
  const story = buildStory(now);
  const today = utcDayStart(now.getTime());
  const date = (daysAgo: number) => isoDate(today - daysAgo * DAY_MS);
  return {
    anomalyDaysAgo: date(story.anomalyDaysAgo),
    runawayDaysAgo: date(story.runawayDaysAgo),
    chatUpgradeDaysAgo: date(story.chatUpgradeDaysAgo),
    reviewBotUpgradeDaysAgo: date(story.reviewBotUpgradeDaysAgo),
    triageCanaryDaysAgo: date(story.triageCanaryDaysAgo),
    bulkJobDaysAgo: date(story.bulkJobDaysAgo),
  };
}

/** What the demo contains, for the README and for tests. */
export const DEMO_SUMMARY = {
  teams: TEAMS,
  users: PEOPLE.map((p) => p.email),
  customers: CUSTOMERS,
  features: FEATURES,
  workflows: WORKFLOWS,
  repos: REPOS,
  tools: TOOLS,
  agents: AGENTS,
  models: Object.keys(MODELS),
  unknownModel: { provider: "openai", model: UNKNOWN_MODEL },
  environments: ["production", "staging", "development"],
  plans: {
    claudeCode: { plan: PLANS.claudeCode, provider: "anthropic", agent: "claude-code", reportsCost: true },
    bulkSummarization: { plan: PLANS.chatgpt, provider: "openai", model: "gpt-5", user: BULK_USER, feature: "summarize" },
  },
  anomaly: { feature: "extract", model: "gpt-4.1", promptVersion: "extract-v8", about: "the weekday nearest 12 days ago" },
  runaway: { ...RUNAWAY, about: "3 days ago, overnight" },
} as const;
