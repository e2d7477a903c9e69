import { describe, expect, it } from "vitest";
import { periodBounds } from "./periods";

const at = (iso: string) => new Date(iso);
const range = (p: ReturnType<typeof periodBounds>) => [p.start.toISOString(), p.end.toISOString(), p.startDate, p.lastDate];

describe("periodBounds (UTC)", () => {
  it("day: midnight to midnight, whatever the time of day", () => {
    expect(range(periodBounds("day", at("2026-11-22T00:00:00Z")))).toEqual([
      "2026-11-22T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
      "2026-11-22",
      "2026-11-22",
    ]);
    expect(periodBounds("day", at("2026-11-22T23:59:59.999Z")).startDate).toBe("2026-11-22");
  });

  it("week: ISO weeks start on Monday; Sunday belongs to the week before", () => {
    // 2026-11-22 is a Sunday, 2026-11-23 a Monday.
    expect(range(periodBounds("week", at("2026-11-22T23:59:59Z")))).toEqual([
      "2026-11-16T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
      "2026-11-16",
      "2026-11-22",
    ]);
    expect(periodBounds("week", at("2026-11-23T00:00:00Z")).startDate).toBe("2026-11-23");
    // A week across a month and a year boundary.
    expect(range(periodBounds("week", at("2027-01-01T12:00:00Z")))).toEqual([
      "2026-12-28T00:00:00.000Z",
      "2027-01-04T00:00:00.000Z",
      "2026-12-28",
      "2027-01-03",
    ]);
  });

  it("month: calendar months, including February in a leap year and the December rollover", () => {
    expect(range(periodBounds("month", at("2028-02-29T23:00:00Z")))).toEqual([
      "2028-02-01T00:00:00.000Z",
      "2028-03-01T00:00:00.000Z",
      "2028-02-01",
      "2028-02-29",
    ]);
    expect(periodBounds("month", at("2026-12-31T23:59:59.999Z")).lastDate).toBe("2026-12-31");
    expect(periodBounds("month", at("2027-01-01T00:00:00Z")).startDate).toBe("2027-01-01");
  });
});
