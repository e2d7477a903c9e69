import { describe, expect, it } from "vitest";
import { dateProblem, isIsoDate, isIsoMonth, isIsoWeek, isoDate, isoInstant, monthProblem, weekProblem } from "./schemas";

describe("bounded date, month and week values", () => {
  it.each([
    ["0000-01-01", "must be in the years 2000–2099"],
    ["0001-01-01", "must be in the years 2000–2099"],
    ["1999-12-31", "must be in the years 2000–2099"],
    ["2000-01-01", null],
    ["2028-02-29", null],
    ["2026-02-29", "is not a calendar date"],
    ["2000-02-29", null],
    ["2099-12-31", null],
    ["2100-01-01", "must be in the years 2000–2099"],
    ["9999-12-31", "must be in the years 2000–2099"],
    ["2026-13-01", "is not a calendar date"],
    ["2026-11-1", "must be a date YYYY-MM-DD"],
    ["+10000-01-01", "must be a date YYYY-MM-DD"],
  ])("date %s → %s", (value, problem) => {
    expect(dateProblem(value)).toBe(problem);
    expect(isIsoDate(value)).toBe(problem === null);
  });

  it.each([
    ["0000-01", false],
    ["0001-01", false],
    ["1999-12", false],
    ["2000-01", true],
    ["2099-12", true],
    ["9999-12", false],
    ["2026-00", false],
    ["2026-13", false],
  ])("month %s → %s", (value, ok) => {
    expect(isIsoMonth(value)).toBe(ok);
    if (!ok) expect(monthProblem(value)).toMatch(/YYYY-MM|2000–2099/);
  });

  it.each([
    ["2026-W53", true],
    ["2025-W53", false],
    ["2099-W53", true],
    ["2000-W52", true],
    ["1999-W52", false],
    ["9999-W52", false],
    ["0000-W01", false],
    ["2026-W00", false],
  ])("week %s → %s", (value, ok) => {
    expect(isIsoWeek(value)).toBe(ok);
    if (!ok) expect(weekProblem(value)).toMatch(/YYYY-Www|2000–2099/);
  });

  it("reports one problem per value through zod", () => {
    const r = isoDate.safeParse("9999-12-31");
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(["must be in the years 2000–2099"]);
  });
});

describe("bounded instants", () => {
  it.each([
    ["2026-11-01T00:00:00Z", true],
    ["2026-11-01T00:00:00+02:00", true],
    ["0000-01-01T00:00:00Z", false],
    ["9999-12-31T23:59:59Z", false],
    ["2026-11-01", false],
  ])("%s → %s", (value, ok) => {
    expect(isoInstant.safeParse(value).success).toBe(ok);
  });
});
