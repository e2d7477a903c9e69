import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatDayMonth,
  formatDuration,
  formatMonth,
  formatPercent,
  formatShortMonth,
  formatTime,
  formatUsd,
} from "./format";

describe("formatUsd", () => {
  it.each([
    ["0.0000000000", "$0.00"],
    ["1234567.4999999999", "$1,234,567"],
    ["19.7500000000", "$19.75"],
    ["0.0420000000", "$0.042"],
    ["0.0001234000", "$0.0001"],
    ["-3.5", "−$3.50"],
  ])("formats %s as %s", (value, expected) => {
    expect(formatUsd(value)).toBe(expected);
  });
  it("rounds half to even only at display time", () => {
    expect(formatUsd("2.125")).toBe("$2.12");
    expect(formatUsd("2.135")).toBe("$2.14");
    expect(formatUsd("2.12345", { precise: true })).toBe("$2.1234");
  });
});

describe("formatCount and formatPercent", () => {
  it("abbreviates large counts and guards division by zero", () => {
    expect(formatCount(999)).toBe("999");
    expect(formatCount(12_345)).toBe("12k");
    expect(formatCount(2_500_000)).toBe("2.5M");
    expect(formatPercent("1", "3")).toBe("33.3%");
    expect(formatPercent("1", "0")).toBe("—");
  });
});

describe("formatDuration and formatDateTime", () => {
  it("picks a unit a person reads at a glance", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12.4 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(2 * 3600_000 + 14 * 60_000 + 20_000)).toBe("2 h 14 min");
    expect(formatDateTime(new Date("2026-11-22T14:05:09Z"))).toBe("22 Nov 2026, 14:05 UTC");
    expect(formatDateTime(null)).toBe("—");
  });
});

describe("dates on screen", () => {
  const at = new Date("2026-09-02T23:05:09Z");
  it("shows UTC whatever the server's zone, from an instant or a day", () => {
    expect(formatDate(at)).toBe("2 Sept 2026");
    expect(formatDate("2026-11-22")).toBe("22 Nov 2026");
    expect(formatDate("2026-11-22T23:59:59Z")).toBe("22 Nov 2026");
    expect(formatDayMonth("2026-11-22")).toBe("22 Nov");
    expect(formatTime(at)).toBe("23:05:09");
    expect(formatTime("2026-11-22T04:05:09.123Z")).toBe("04:05:09");
    expect(formatDateTime("2026-11-22T14:05:09Z")).toBe("22 Nov 2026, 14:05 UTC");
    expect(formatDateTime(at, { zone: false })).toBe("2 Sept 2026, 23:05");
    expect(formatDateTime(undefined, { zone: false })).toBe("—");
  });

  it("names months long and short", () => {
    expect(formatMonth("2026-11")).toBe("November 2026");
    expect(formatShortMonth("2026-11")).toBe("Nov 2026");
    expect(formatShortMonth("2028-02")).toBe("Feb 2028");
  });
});
