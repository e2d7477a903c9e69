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
  bursts: 2,
  burstIntervalMean: 3600,
  burstIntervalSd: 1200,
  inputTokensMean: 1000,
  inputTokensSd: 900,
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
    expect(workloadKind([{ points_to: "unattended", text: "" }])).toBe("mixed");
    const two = [
      { points_to: "unattended" as const, text: "" },
      { points_to: "unattended" as const, text: "" },
    ];
    expect(workloadKind(two)).toBe("unattended");
    expect(workloadKind([...two, { points_to: "interactive", text: "" }, { points_to: "interactive", text: "" }])).toBe("mixed");
  });

  it("keeps a workload with too little to go on, without inventing reasons", () => {
    expect(surfaceVerdict(stats(), seat)).toEqual({ kind: "mixed", verdict: "keep", reasons: ["Too little activity this month to tell."] });
  });

  it("reads each signal at its threshold", () => {
    const texts = (s: Partial<WorkloadStats>) => workloadSignals(stats(s)).map((x) => `${x.points_to}: ${x.text}`);
    expect(texts({ offHoursCalls: 60, nightCalls: 50, weekendCalls: 10 })).toContain(
      "unattended: 60% of calls outside working hours (nights 50%, weekends 10%)",
    );
    expect(texts({ offHoursCalls: 59 })).toEqual([]);
    expect(texts({ offHoursCalls: 25 })).toContain("interactive: 75% of calls in working hours");
    expect(texts({ bursts: 4, burstIntervalMean: 86_400, burstIntervalSd: 86_400 * 0.24 })).toContain(
      "unattended: runs start at regular intervals (every 24 h 00 min, ±24%)",
    );
    expect(texts({ bursts: 3, burstIntervalMean: 86_400, burstIntervalSd: 0 })).toEqual([]);
    expect(texts({ shortGaps: 20, pauses: 0 })).toContain(
      "unattended: no human think-time: 0% of the gaps between calls are pauses of 20 s–30 min",
    );
    expect(texts({ shortGaps: 19, pauses: 0 })).toEqual([]);
    expect(texts({ users: 0, userNames: [] })).toContain("unattended: no person named: the calls carry no user");
    expect(texts({ users: 2, userNames: ["ana@example.com", "li@example.com"] })).toContain(
      "interactive: 2 people: ana@example.com, li@example.com",
    );
    expect(texts({ bursts: 5, requests: 100, inputTokensSd: 240 })).toContain(
      "unattended: large uniform batches: 20 calls per run, input sizes within ±24%",
    );
  });

  it("compares interactive API use per person with a seat", () => {
    const busy = stats({ offHoursCalls: 10, shortGaps: 50, pauses: 20, costUsd: "30", users: 1, userNames: ["ana@example.com"] });
    expect(surfaceVerdict(busy, seat)).toMatchObject({ kind: "interactive", verdict: "move_to_plan" });
    expect(surfaceVerdict({ ...busy, costUsd: "29.99" }, seat)).toMatchObject({ kind: "interactive", verdict: "keep" });
    expect(surfaceVerdict({ ...busy, costUsd: "59.99", users: 2, userNames: ["a@x.io", "b@x.io"] }, seat).verdict).toBe("keep");
    expect(surfaceVerdict({ ...busy, surface: "plan" }, seat)).toMatchObject({
      verdict: "keep",
      reasons: expect.arrayContaining(["Interactive work on a paid plan: the plan fits."]),
    });
  });
});
