import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatDuration, formatPercent, formatUsd } from "./format";

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
