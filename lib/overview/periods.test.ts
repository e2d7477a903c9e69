import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/dates/calendar";
import { periodRanges } from "./periods";

describe("overview periods (UTC)", () => {
  it("compares each period to date with the same elapsed span before it", () => {
    // Sunday 22 November 2026: the ISO week began on Monday the 16th.
    expect(periodRanges("2026-11-22")).toEqual([
      expect.objectContaining({
        key: "today",
        from: "2026-11-22",
        to: "2026-11-22",
        previous: expect.objectContaining({ from: "2026-11-21", to: "2026-11-21" }),
      }),
      expect.objectContaining({
        key: "week",
        from: "2026-11-16",
        to: "2026-11-22",
        previous: expect.objectContaining({ from: "2026-11-09", to: "2026-11-15" }),
      }),
      expect.objectContaining({
        key: "month",
        from: "2026-11-01",
        to: "2026-11-22",
        previous: expect.objectContaining({ from: "2026-10-01", to: "2026-10-22" }),
      }),
    ]);
  });

  it("handles Mondays, month ends and year turns", () => {
    const [, week] = periodRanges("2026-11-16");
    expect(week).toMatchObject({ from: "2026-11-16", to: "2026-11-16", previous: { from: "2026-11-09", to: "2026-11-09" } });
    const [, , march] = periodRanges("2026-03-31");
    expect(march).toMatchObject({ from: "2026-03-01", previous: { from: "2026-02-01", to: "2026-02-28" } });
    const [today, , january] = periodRanges("2027-01-01");
    expect(today?.previous).toMatchObject({ from: "2026-12-31" });
    expect(january).toMatchObject({ previous: { from: "2026-12-01", to: "2026-12-01" } });
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});
