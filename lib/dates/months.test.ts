import { describe, expect, it } from "vitest";
import { addDays, periodStart } from "./calendar";
import { monthOfDay, monthStart, monthStartOf } from "./months";

describe("month starts", () => {
  it("names a month's first day and the month of a day", () => {
    expect(monthStart("2026-11")).toBe("2026-11-01");
    expect(monthOfDay("2026-11-22")).toBe("2026-11");
    expect(monthStartOf("2026-11-22")).toBe("2026-11-01");
    expect(monthStartOf("2028-02-29")).toBe("2028-02-01");
  });

  it("agrees with the calendar's month period on every day of a leap year", () => {
    for (let day = "2028-01-01"; day <= "2028-12-31"; day = addDays(day, 1)) {
      expect(monthStartOf(day)).toBe(periodStart(day, "month"));
    }
  });
});
