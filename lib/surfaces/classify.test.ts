import { describe, expect, it } from "vitest";
import { isServiceUser, surfaceVerdict, workloadKind, workloadSignals } from "./classify";
import type { WorkloadStats } from "./workload-stats";

const stats = (over: Partial<WorkloadStats> = {}): WorkloadStats => ({
  project: "acme/web",
  tool: "Claude Code",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  surface: "api",
  plan: null,
  requests: 100,
  customerCalls: 0,
  costUsd: "10",
  listCostUsd: "10",
  // Six people: too many to read as one person's work, and not a service.
  users: 6,
  userNames: ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"],
  offHoursCalls: 40,
  nightCalls: 0,
  weekendCalls: 0,
  shortGaps: 0,
  pauses: 0,
  gapMean: null,
  gapSd: null,
  bursts: 2,
  burstIntervalMean: 3600,
  burstIntervalSd: 1200,
  inputTokensMean: 1000,
  inputTokensSd: 900,
  dailyTotals: 0,
  ...over,
});
const seat = { plan: "Claude Team", feeUsd: "30" };

describe("surface classification", () => {
  it("tells service accounts from people", () => {
    for (const u of [
      "dependabot[bot]",
      "etl-bot",
      "bot-reports",
      "svc",
      "ci",
      "nightly-pipeline",
      "billing-service",
      "cron",
      "noreply@acme.io",
    ])
      expect(isServiceUser(u), u).toBe(true);
    for (const u of ["ana@example.com", "robert@example.com", "cicero", "abbott"]) expect(isServiceUser(u), u).toBe(false);
  });

  it("needs two signals of a kind, and more than of the other, before it calls a workload anything", () => {
    expect(workloadKind([])).toBe("mixed");
    expect(workloadKind([{ points_to: "automated", text: "" }])).toBe("mixed");
    const two = [
      { points_to: "automated" as const, text: "" },
      { points_to: "automated" as const, text: "" },
    ];
    expect(workloadKind(two)).toBe("automated");
    const people = [
      { points_to: "interactive" as const, text: "" },
      { points_to: "interactive" as const, text: "" },
    ];
    expect(workloadKind([...two, ...people])).toBe("mixed");
    // Calls for customers are a product feature: software, whatever else the timing says.
    expect(workloadKind([{ points_to: "automated", text: "a product feature: 90% of calls serve customers" }, ...people, ...people])).toBe(
      "automated",
    );
    // Large uniform batches break a tie: bulk work is pipeline work even when a person drives it.
    const bulk = [{ points_to: "automated" as const, text: "large uniform batches: 200 calls per run" }, two[0] as (typeof two)[0]];
    expect(workloadKind([...bulk, ...people])).toBe("automated");
    expect(workloadKind([...bulk, ...people, { points_to: "interactive", text: "" }])).toBe("interactive");
  });

  it("keeps a workload with too little to go on, without inventing reasons", () => {
    expect(surfaceVerdict(stats(), seat)).toEqual({ kind: "mixed", verdict: "keep", reasons: ["Too little activity this month to tell."] });
  });

  it("reads each signal at its threshold", () => {
    const texts = (s: Partial<WorkloadStats>) => workloadSignals(stats(s)).map((x) => `${x.points_to}: ${x.text}`);
    expect(texts({ offHoursCalls: 60, nightCalls: 50, weekendCalls: 10 })).toContain(
      "automated: 60% of calls outside working hours (nights 50%, weekends 10%)",
    );
    expect(texts({ offHoursCalls: 59 })).toEqual([]);
    expect(texts({ offHoursCalls: 25 })).toContain("interactive: 75% of calls in working hours");
    expect(texts({ bursts: 4, burstIntervalMean: 86_400, burstIntervalSd: 86_400 * 0.24 })).toContain(
      "automated: runs start at regular intervals (every 24 h 00 min, ±24%)",
    );
    expect(texts({ bursts: 3, burstIntervalMean: 86_400, burstIntervalSd: 0 })).toEqual([]);
    expect(texts({ shortGaps: 20, pauses: 0 })).toContain(
      "automated: no human think-time: 0% of the gaps between calls are pauses of 20 s–30 min",
    );
    expect(texts({ shortGaps: 19, pauses: 0 })).toEqual([]);
    // Pauses at a steady pace are a machine's (or a person pasting documents), not think-time.
    expect(texts({ shortGaps: 40, pauses: 40, gapMean: 30, gapSd: 14 })).toEqual([
      "automated: machine-regular pace: the gaps between calls vary by only ±47%",
    ]);
    expect(texts({ shortGaps: 40, pauses: 4, gapMean: 30, gapSd: 15 })).toEqual([
      "interactive: human think-time between calls (10% of gaps are pauses of 20 s–30 min)",
    ]);
    expect(texts({ customerCalls: 50 })).toContain("automated: a product feature: 50% of calls serve customers (they carry a customer)");
    expect(texts({ customerCalls: 49 })).toEqual([]);
    expect(texts({ users: 0, userNames: [] })).toContain("automated: no person named: the calls carry no user");
    expect(texts({ users: 2, userNames: ["ana@example.com", "li@example.com"] })).toContain(
      "interactive: 2 people: ana@example.com, li@example.com",
    );
    expect(texts({ bursts: 5, requests: 100, inputTokensSd: 240 })).toContain(
      "automated: large uniform batches: 20 calls per run, input sizes within ±24%",
    );
  });

  it("compares interactive API use per person with a seat", () => {
    const busy = stats({
      offHoursCalls: 10,
      shortGaps: 50,
      pauses: 20,
      gapMean: 60,
      gapSd: 90,
      costUsd: "30",
      users: 1,
      userNames: ["ana@example.com"],
    });
    expect(surfaceVerdict(busy, seat)).toMatchObject({ kind: "interactive", verdict: "move_to_plan" });
    expect(surfaceVerdict({ ...busy, costUsd: "29.99" }, seat)).toMatchObject({ kind: "interactive", verdict: "keep" });
    expect(surfaceVerdict({ ...busy, costUsd: "59.99", users: 2, userNames: ["a@x.io", "b@x.io"] }, seat).verdict).toBe("keep");
    expect(surfaceVerdict({ ...busy, surface: "plan" }, seat)).toMatchObject({
      verdict: "keep",
      reasons: expect.arrayContaining(["Interactive work on a paid plan: the plan fits."]),
    });
  });

  it("reads a coding tool's daily totals as people's use, whatever their timestamps look like", () => {
    // One line per person-day at midnight looks like a nightly job to the timing rules…
    const daily = stats({
      surface: "plan",
      plan: "GitHub Copilot Business",
      offHoursCalls: 100,
      nightCalls: 100,
      bursts: 30,
      burstIntervalMean: 86_400,
      burstIntervalSd: 0,
    });
    expect(surfaceVerdict(daily, seat)).toMatchObject({ kind: "automated", verdict: "move_to_api" });
    // …but when every call is such a line, it is the tool's use by people: kept on the plan.
    const verdict = surfaceVerdict({ ...daily, dailyTotals: 100 }, seat);
    expect(verdict).toMatchObject({ kind: "interactive", verdict: "keep" });
    expect(verdict.reasons.join(" ")).toContain("daily totals per person");
    // Metered (Claude Code on API keys): heavy per-person use still weighs against a seat.
    expect(surfaceVerdict({ ...daily, surface: "api", plan: null, dailyTotals: 100, costUsd: "600" }, seat)).toMatchObject({
      kind: "interactive",
      verdict: "move_to_plan",
    });
  });
});
