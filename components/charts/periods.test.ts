import { describe, expect, it } from "vitest";
import { bucketRange, partialBucket, periodEnd } from "./periods";

describe("periodEnd", () => {
  it("ends a day on itself, a week on Sunday, a month on its last day (leap years included)", () => {
    expect(periodEnd("2026-12-06", "day")).toBe("2026-12-06");
    expect(periodEnd("2026-11-30", "week")).toBe("2026-12-06");
    expect(periodEnd("2028-02-01", "month")).toBe("2028-02-29");
  });
});

describe("partialBucket", () => {
  const today = "2026-12-06";

  it("marks today's day as partial and every earlier day as whole", () => {
    const period = { from: "2026-11-07", to: today, today };
    expect(partialBucket(today, "day", period)).toEqual({ start: today, end: today, from: today, to: today, running: true });
    expect(partialBucket("2026-12-05", "day", period)).toBeNull();
    expect(partialBucket("2026-11-07", "day", period)).toBeNull();
  });

  it("marks a week cut by the range's start, and the running week, by the bounds alone", () => {
    const period = { from: "2026-09-10", to: today, today };
    // The week of Monday 7 Sept: the range starts on the 10th.
    expect(partialBucket("2026-09-07", "week", period)).toEqual({
      start: "2026-09-07",
      end: "2026-09-13",
      from: "2026-09-10",
      to: "2026-09-13",
      running: false,
    });
    expect(partialBucket("2026-09-14", "week", period)).toBeNull();
    // The week of 30 Nov ends on Sunday 6 Dec, which is today: not over yet.
    expect(partialBucket("2026-11-30", "week", period)).toMatchObject({ from: "2026-11-30", to: today, running: true });
  });

  it("marks a month the range ends inside as partial, though the month is in the past", () => {
    const period = { from: "2026-01-01", to: "2026-06-15", today };
    expect(partialBucket("2026-01-01", "month", period)).toBeNull();
    expect(partialBucket("2026-06-01", "month", period)).toEqual({
      start: "2026-06-01",
      end: "2026-06-30",
      from: "2026-06-01",
      to: "2026-06-15",
      running: false,
    });
  });

  it("leaves whole past periods whole, and a range ending today on a finished month's last day partial only for today", () => {
    expect(partialBucket("2026-11-01", "month", { from: "2026-11-01", to: "2026-11-30", today })).toBeNull();
    expect(partialBucket("2026-11-01", "month", { from: "2026-11-01", to: "2026-11-30", today: "2026-11-30" })).toMatchObject({
      running: true,
    });
  });

  it("clips a drill-down from a cut bucket to the range", () => {
    expect(bucketRange("2026-09-07", "week", { from: "2026-09-10", to: today })).toEqual({ from: "2026-09-10", to: "2026-09-13" });
    expect(bucketRange("2026-12-01", "month", { from: "2026-11-01", to: today })).toEqual({ from: "2026-12-01", to: today });
  });
});
