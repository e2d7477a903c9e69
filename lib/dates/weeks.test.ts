import { describe, expect, it } from "vitest";
import { isIsoWeek } from "./schemas";
import { addWeeks, isoWeekOf, weekRange } from "./weeks";

describe("ISO weeks", () => {
  it("names the week by its Thursday's year, across year ends", () => {
    expect(isoWeekOf(new Date("2026-11-22T23:59:59Z"))).toBe("2026-W47"); // a Sunday
    expect(isoWeekOf(new Date("2026-11-23T00:00:00Z"))).toBe("2026-W48"); // the next Monday
    expect(isoWeekOf(new Date("2021-01-03T12:00:00Z"))).toBe("2020-W53");
    expect(isoWeekOf(new Date("2024-12-30T00:00:00Z"))).toBe("2025-W01");
    expect(isoWeekOf(new Date("2027-01-01T00:00:00Z"))).toBe("2026-W53");
  });

  it("gives each week's Monday-to-Sunday range", () => {
    expect(weekRange("2026-W47")).toMatchObject({ firstDay: "2026-11-16", lastDay: "2026-11-22" });
    expect(weekRange("2025-W01")).toMatchObject({ firstDay: "2024-12-30", lastDay: "2025-01-05" });
    expect(weekRange("2020-W53").end.toISOString()).toBe("2021-01-04T00:00:00.000Z");
    expect(addWeeks("2026-W01", -1)).toBe("2025-W52");
    expect(addWeeks("2026-W52", 1)).toBe("2026-W53");
  });

  it("accepts only weeks that exist", () => {
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isIsoWeek("2025-W53")).toBe(false);
    expect(isIsoWeek("2026-W00")).toBe(false);
    expect(isIsoWeek("2026-47")).toBe(false);
    expect(() => weekRange("2025-W53")).toThrow();
  });
});
