import { describe, expect, it } from "vitest";
import { addDays, formatDay, MAX_PERIODS, periodCount, periodStart, periodStarts, rangeProblem, utc, utcToday } from "./calendar";
import { addMonths, monthEnded, monthOf, monthRange } from "./months";
import { addWeeks, isoWeekOf, weekRange } from "./weeks";

describe("calendar arithmetic", () => {
  it("adds days across leap days, month and year ends", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01"); // 2100 is not a leap year
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29"); // 2000 is
    expect(addDays("2099-12-31", 1)).toBe("2100-01-01");
    expect(addDays("2000-01-01", -1)).toBe("1999-12-31");
  });

  it("never writes a year as +010000 or reads 0001 as 1901", () => {
    expect(() => formatDay(utc(10000, 0, 1))).toThrow(RangeError);
    expect(formatDay(utc(9999, 11, 31))).toBe("9999-12-31");
    expect(formatDay(utc(1, 0, 1))).toBe("0001-01-01");
    expect(formatDay(utc(0, 1, 29))).toBe("0000-02-29");
    expect(utcToday(new Date("2026-11-22T23:59:59.999Z"))).toBe("2026-11-22");
  });

  it("finds period starts: Monday weeks and first days of months", () => {
    expect(periodStart("2026-11-22", "week")).toBe("2026-11-16"); // a Sunday
    expect(periodStart("2026-11-23", "week")).toBe("2026-11-23"); // a Monday
    expect(periodStart("2027-01-01", "week")).toBe("2026-12-28");
    expect(periodStart("2028-02-29", "month")).toBe("2028-02-01");
  });

  it("counts periods without walking them and caps them per interval", () => {
    expect(periodCount("2026-01-01", "2026-12-31", "day")).toBe(365);
    expect(periodCount("2028-01-01", "2028-12-31", "day")).toBe(366);
    expect(periodCount("2026-11-04", "2026-11-22", "week")).toBe(3);
    expect(periodCount("2026-01-31", "2026-03-01", "month")).toBe(3);
    expect(periodCount("2000-01-01", "2099-12-31", "month")).toBe(1200);
    expect(rangeProblem("2028-01-01", "2028-12-31", "day")).toBeNull(); // a leap year of days
    expect(rangeProblem("2026-01-01", "2027-01-02", "day")).toMatch(/366 days at interval=day/);
    expect(rangeProblem("2000-01-01", "2099-12-31", "week")).toMatch(/262 weeks/);
    expect(rangeProblem("2017-01-01", "2026-12-31", "month")).toBeNull(); // ten years
    expect(rangeProblem("2016-12-31", "2026-12-31", "none")).toMatch(/120 months \(10 years\)/);
  });

  it("lists every period start of a capped range, and refuses a longer one before walking it", () => {
    expect(periodStarts("2026-11-04", "2026-11-22", "week")).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
    expect(periodStarts("2026-01-31", "2026-03-01", "month")).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(periodStarts("2099-12-30", "2099-12-31", "day")).toEqual(["2099-12-30", "2099-12-31"]);
    expect(periodStarts("2090-01-01", "2099-12-31", "month")).toHaveLength(MAX_PERIODS.month);
    expect(() => periodStarts("2000-01-01", "2099-12-31", "day")).toThrow(RangeError);
  });
});

describe("months and ISO weeks at the edges of the year range", () => {
  it("gives months' ranges, including leap Februaries and the last month", () => {
    expect(monthRange("2028-02")).toMatchObject({ firstDay: "2028-02-01", lastDay: "2028-02-29" });
    expect(monthRange("2099-12")).toMatchObject({ firstDay: "2099-12-01", lastDay: "2099-12-31" });
    expect(monthRange("2099-12").end.toISOString()).toBe("2100-01-01T00:00:00.000Z");
    expect(addMonths("2000-01", -1)).toBe("1999-12");
    expect(addMonths("2026-11", 14)).toBe("2028-01");
    expect(monthOf(new Date("2026-11-30T23:59:59Z"))).toBe("2026-11");
    expect(monthEnded("2026-10", new Date("2026-11-01T00:00:00Z"))).toBe(true);
    expect(monthEnded("2026-11", new Date("2026-11-30T23:59:59Z"))).toBe(false);
  });

  it("handles week 53 and the weeks around the range's ends", () => {
    expect(weekRange("2026-W53")).toMatchObject({ firstDay: "2026-12-28", lastDay: "2027-01-03" });
    expect(weekRange("2099-W53")).toMatchObject({ firstDay: "2099-12-28", lastDay: "2100-01-03" });
    expect(weekRange("2000-W01")).toMatchObject({ firstDay: "2000-01-03", lastDay: "2000-01-09" });
    expect(isoWeekOf(new Date("2000-01-01T00:00:00Z"))).toBe("1999-W52");
    expect(addWeeks("2000-W01", -1)).toBe("1999-W52");
    expect(addWeeks("2099-W53", 1)).toBe("2100-W01");
  });
});
