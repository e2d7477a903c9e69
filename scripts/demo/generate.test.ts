import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_SUMMARY, type DemoEvent, type DemoOptions, demoStoryDates, generateDemoEvents, listDemoPullRequests } from "./generate";

const NOW = new Date("2026-11-22T15:30:00.123Z");

/** Fields of `POST /api/v1/events` (DESIGN §3.2). */
const STRING_DIMS = [
  "user",
  "customer",
  "team",
  "feature",
  "workflow",
  "repo",
  "branch",
  "tool",
  "agent",
  "session",
  "trace",
  "prompt_version",
  "plan",
  "environment",
] as const;
const COUNTS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "latency_ms"] as const;
const KNOWN_FIELDS = new Set<string>([
  "id",
  "timestamp",
  "provider",
  "model",
  "surface",
  "cost_usd",
  "status",
  "pr",
  "billable",
  "tags",
  ...STRING_DIMS,
  ...COUNTS,
]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^\d+(\.\d+)?$/;

const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** Every way an event breaks the §3.2 rules; empty when it is valid. */
function contractViolations(raw: Record<string, unknown>, now: Date): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_FIELDS.has(key)) errors.push(`unknown field ${key}`);
    if (value === undefined || value === null) errors.push(`${key} is set but empty`);
  }
  const { id, timestamp, provider, model } = raw;
  if (typeof id !== "string" || id.length < 1 || id.length > 200) errors.push("id");
  if (typeof timestamp !== "string" || !RFC3339.test(timestamp) || Number.isNaN(Date.parse(timestamp))) errors.push("timestamp");
  else if (Date.parse(timestamp) > now.getTime()) errors.push("timestamp after now");
  if (typeof provider !== "string" || provider === "" || provider !== provider.toLowerCase()) errors.push("provider");
  if (typeof model !== "string" || model === "") errors.push("model");
  if (raw.surface !== undefined && raw.surface !== "api" && raw.surface !== "plan") errors.push("surface");
  if (raw.plan !== undefined && raw.surface !== "plan") errors.push("plan without surface plan");
  for (const key of COUNTS) {
    const required = key === "input_tokens" || key === "output_tokens";
    if ((required || raw[key] !== undefined) && !isCount(raw[key])) errors.push(key);
  }
  const input = raw.input_tokens as number;
  const cached = ((raw.cache_read_tokens as number) ?? 0) + ((raw.cache_write_tokens as number) ?? 0);
  if (cached > input) errors.push("cache_read + cache_write > input");
  if (((raw.reasoning_tokens as number) ?? 0) > (raw.output_tokens as number)) errors.push("reasoning > output");
  const cost = raw.cost_usd;
  if (
    cost !== undefined &&
    !(typeof cost === "string" ? DECIMAL.test(cost) : typeof cost === "number" && Number.isFinite(cost) && cost >= 0)
  ) {
    errors.push("cost_usd");
  }
  if (raw.status !== undefined && raw.status !== "ok" && raw.status !== "error") errors.push("status");
  for (const key of STRING_DIMS) {
    const v = raw[key];
    if (v !== undefined && (typeof v !== "string" || v === "" || v.length > 200)) errors.push(key);
  }
  if (raw.repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(String(raw.repo))) errors.push("repo is not owner/name");
  if (raw.pr !== undefined && (!isCount(raw.pr) || (raw.pr as number) < 1 || raw.repo === undefined)) errors.push("pr");
  if (raw.billable !== undefined && typeof raw.billable !== "boolean") errors.push("billable");
  if (raw.tags !== undefined) {
    const tags = raw.tags;
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) errors.push("tags");
    else {
      const entries = Object.entries(tags);
      if (entries.length > 32) errors.push("tags: more than 32 keys");
      for (const [k, v] of entries) if (k === "" || k.length > 64 || typeof v !== "string" || v.length > 200) errors.push(`tags.${k}`);
    }
  }
  return errors;
}

function digest(opts: DemoOptions): string {
  const hash = createHash("sha256");
  for (const event of generateDemoEvents(opts)) hash.update(`${JSON.stringify(event)}\n`);
  return hash.digest("hex");
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const day = (e: DemoEvent) => e.timestamp.slice(0, 10);
const distinct = (events: DemoEvent[], pick: (e: DemoEvent) => unknown) => new Set(events.map(pick).filter((v) => v !== undefined));

describe("generateDemoEvents", () => {
  let events: DemoEvent[];
  beforeAll(() => {
    events = [...generateDemoEvents({ now: NOW })];
  });

  it("is deterministic: same now and seed give byte-identical output, another seed differs", () => {
    const first = digest({ now: NOW });
    expect(digest({ now: NOW, seed: 42 })).toBe(first);
    expect(digest({ now: NOW, seed: 7 })).not.toBe(first);
    // Three full 90-day generations: seconds on a loaded 2-core machine, more than the 5 s default.
  }, 60_000);

  it("generates about 100k events over 90 days, ending today", () => {
    expect(events.length).toBeGreaterThanOrEqual(80_000);
    expect(events.length).toBeLessThanOrEqual(120_000);
    expect(day(events[0]!)).toBe("2026-08-25");
    expect(day(events.at(-1)!)).toBe("2026-11-22");
  });

  it("emits only events the ingest API accepts (DESIGN §3.2)", () => {
    const broken = events
      .map((e) => ({ id: e.id, errors: contractViolations(e as unknown as Record<string, unknown>, NOW) }))
      .filter((r) => r.errors.length);
    expect(broken.slice(0, 5)).toEqual([]);
  });

  it("checks the contract for real: broken events are caught", () => {
    const valid = events[0] as unknown as Record<string, unknown>;
    const broken: Record<string, unknown>[] = [
      { ...valid, typo_tokens: 1 },
      { ...valid, user: null },
      { ...valid, timestamp: "2026-11-22 10:00:00" },
      { ...valid, input_tokens: 1.5 },
      { ...valid, input_tokens: 10, cache_read_tokens: 8, cache_write_tokens: 8 },
      { ...valid, output_tokens: 1, reasoning_tokens: 2 },
      { ...valid, repo: undefined, pr: 3 },
      { ...valid, cost_usd: "-1" },
      { ...valid, tags: { k: 1 } },
    ];
    for (const event of broken) expect(contractViolations(event, NOW)).not.toEqual([]);
  });

  it("emits unique ids in ascending timestamp order", () => {
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.id).toBe("demo-42-1");
    const outOfOrder = events.findIndex((e, i) => i > 0 && e.timestamp < events[i - 1]!.timestamp);
    expect(outOfOrder).toBe(-1);
  });

  it("keeps a short window valid too, with every event at or before now", () => {
    const now = new Date("2027-03-01T00:07:00Z");
    const short = [...generateDemoEvents({ now, days: 3, seed: 9 })];
    expect(short.length).toBeGreaterThan(0);
    expect(short.flatMap((e) => contractViolations(e as unknown as Record<string, unknown>, now))).toEqual([]);
    expect(day(short[0]!)).toBe("2027-02-27");
  });

  it("covers the organisation: teams, users, customers, features, workflows, repos, tools, agents", () => {
    expect(distinct(events, (e) => e.team).size).toBeGreaterThanOrEqual(3);
    const users = distinct(events, (e) => e.user);
    expect(users.size).toBeGreaterThanOrEqual(8);
    expect(users.size).toBeLessThanOrEqual(12);
    expect(distinct(events, (e) => e.feature)).toEqual(new Set(DEMO_SUMMARY.features));
    expect(distinct(events, (e) => e.workflow)).toEqual(new Set(DEMO_SUMMARY.workflows));
    expect(distinct(events, (e) => e.tool)).toEqual(new Set(DEMO_SUMMARY.tools));
    expect(distinct(events, (e) => e.agent)).toEqual(new Set(DEMO_SUMMARY.agents));
    expect(distinct(events, (e) => e.customer).size).toBeGreaterThanOrEqual(4);
    expect(distinct(events, (e) => e.provider)).toEqual(new Set(["openai", "anthropic", "google"]));
    expect(distinct(events, (e) => e.environment)).toEqual(new Set(["production", "staging", "development"]));
    expect(distinct(events, (e) => e.prompt_version).size).toBeGreaterThanOrEqual(5);
  });

  it("bills customers only for their production usage", () => {
    expect(events.filter((e) => e.customer && !e.billable)).toEqual([]);
    expect(events.filter((e) => !e.customer && e.billable)).toEqual([]);
    expect(events.filter((e) => e.feature === "evals" && e.billable)).toEqual([]);
  });

  it("ties coding work to repos, branches and PRs that exist only once opened", () => {
    expect(distinct(events, (e) => (e.pr ? e.repo : undefined)).size).toBeGreaterThanOrEqual(4);
    const firstPr = new Map<string, number>();
    const branchOnlyBefore = new Set<string>();
    for (const [i, e] of events.entries()) {
      if (!e.branch || !e.repo) continue;
      const key = `${e.repo}#${e.branch}`;
      if (e.pr) firstPr.set(key, firstPr.get(key) ?? i);
      else if (!firstPr.has(key)) branchOnlyBefore.add(key);
    }
    expect([...firstPr.keys()].filter((k) => branchOnlyBefore.has(k)).length).toBeGreaterThan(20);
    const prs = listDemoPullRequests({ now: NOW });
    const numbers = new Set(prs.map((p) => `${p.repo}#${p.number}`));
    expect(events.filter((e) => e.pr && !numbers.has(`${e.repo}#${e.pr}`))).toEqual([]);
    expect(new Set(prs.map((p) => p.state))).toEqual(new Set(["open", "merged", "closed"]));
  });

  it("gives coding agents large, mostly cached contexts", () => {
    const coding = events.filter((e) => e.agent === "claude-code" || e.agent === "codex");
    const input = coding.reduce((n, e) => n + e.input_tokens, 0);
    const read = coding.reduce((n, e) => n + e.cache_read_tokens, 0);
    expect(read / input).toBeGreaterThan(0.7);
    expect(coding.some((e) => e.cache_write_tokens > 0)).toBe(true);
  });

  it("has both surfaces: Claude Code on a team plan reporting its cost, and a hand-run bulk job on a ChatGPT plan", () => {
    const claudeCode = events.filter((e) => e.agent === "claude-code" && e.status === "ok");
    expect(claudeCode.length).toBeGreaterThan(5_000);
    expect(claudeCode.every((e) => e.surface === "plan" && e.plan === DEMO_SUMMARY.plans.claudeCode.plan && e.cost_usd !== undefined)).toBe(
      true,
    );

    const bulk = events.filter((e) => e.plan === DEMO_SUMMARY.plans.bulkSummarization.plan);
    expect(distinct(bulk, (e) => e.user)).toEqual(new Set([DEMO_SUMMARY.plans.bulkSummarization.user]));
    expect(bulk.every((e) => e.surface === "plan" && e.feature === "summarize")).toBe(true);
    const inputs = bulk.filter((e) => e.status === "ok").map((e) => e.input_tokens);
    expect(Math.max(...inputs) / Math.min(...inputs)).toBeLessThan(1.1); // uniform documents
    const perDay = [...groupBy(bulk, day).values()].map((g) => g.length);
    expect(Math.min(...perDay)).toBeGreaterThanOrEqual(150); // large bursts

    const api = events.filter((e) => (e.surface ?? "api") === "api");
    expect(api.length).toBeGreaterThan(events.length / 2);
    const reported = events.filter((e) => e.cost_usd !== undefined).length;
    expect(reported).toBeLessThan(events.length / 2);
  });

  it("includes a model no price list knows, on about 0.5 % of events", () => {
    const unknown = events.filter((e) => e.model === DEMO_SUMMARY.unknownModel.model && e.provider === DEMO_SUMMARY.unknownModel.provider);
    expect(unknown.length / events.length).toBeGreaterThan(0.002);
    expect(unknown.length / events.length).toBeLessThan(0.01);
  });

  it("follows the working week and grows over the quarter", () => {
    const byDay = groupBy(events.slice(0, -1), day);
    const weekdays: number[] = [];
    const weekends: number[] = [];
    for (const [date, group] of byDay) (new Date(date).getUTCDay() % 6 === 0 ? weekends : weekdays).push(group.length);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(weekdays)).toBeGreaterThan(1.6 * mean(weekends));
    const counts = [...byDay.values()].map((g) => g.length);
    expect(mean(counts.slice(-29, -1))).toBeGreaterThan(1.2 * mean(counts.slice(0, 28)));
  });

  it("has an anomaly day: the driver's token volume is ≥ 3× its trailing 7-day mean, and only that day", () => {
    const { feature, promptVersion } = DEMO_SUMMARY.anomaly;
    const anomalyDate = demoStoryDates(NOW).anomalyDaysAgo;
    const volume = new Map<string, number>();
    for (const e of events) if (e.feature === feature) volume.set(day(e), (volume.get(day(e)) ?? 0) + e.input_tokens + e.output_tokens);
    const dates = [...volume.keys()];
    const spikes = dates.slice(7).filter((date, i) => {
      const trailing = dates.slice(i, i + 7).reduce((n, d) => n + volume.get(d)!, 0) / 7;
      return volume.get(date)! >= 3 * trailing;
    });
    expect(spikes).toEqual([anomalyDate]);
    expect(distinct(events, (e) => (e.prompt_version === promptVersion ? day(e) : undefined))).toEqual(new Set([anomalyDate]));
  });

  it("has a runaway agent session: hundreds of near-identical calls, each costlier, with error retries", () => {
    const bySession = groupBy(
      events.filter((e) => e.session),
      (e) => e.session!,
    );
    const runaway = [...bySession.values()].filter((calls) => calls.length >= 200 && calls[0]!.agent === DEMO_SUMMARY.runaway.agent);
    expect(runaway).toHaveLength(1);
    const calls = runaway[0]!;
    expect(day(calls[0]!)).toBe(demoStoryDates(NOW).runawayDaysAgo);
    const ok = calls.filter((e) => e.status === "ok");
    expect(ok.every((e, i) => i === 0 || e.input_tokens > ok[i - 1]!.input_tokens)).toBe(true);
    expect(ok.at(-1)!.input_tokens).toBeGreaterThan(5 * ok[0]!.input_tokens);
    expect(ok.every((e) => e.output_tokens >= 350 && e.output_tokens <= 450)).toBe(true);
    expect(calls.filter((e) => e.status === "error").length).toBeGreaterThan(10);
  });

  it("has a small error rate and latency that grows with output", () => {
    const errors = events.filter((e) => e.status === "error").length / events.length;
    expect(errors).toBeGreaterThan(0.002);
    expect(errors).toBeLessThan(0.02);
    const ok = events.filter((e) => e.status === "ok");
    const meanLatency = (xs: DemoEvent[]) => xs.reduce((n, e) => n + e.latency_ms, 0) / xs.length;
    expect(meanLatency(ok.filter((e) => e.output_tokens > 1_000))).toBeGreaterThan(
      3 * meanLatency(ok.filter((e) => e.output_tokens < 100)),
    );
  });
});
