import { describe, expect, it } from "vitest";
import { grossMargin, limitValue, quotaPercent, quotaUsed, reachedThresholds } from "./margins";

describe("gross margin", () => {
  it("is revenue minus cost to serve, exact to 1e-10, with margin % to one decimal", () => {
    expect(grossMargin("99", "8")).toEqual({ margin_usd: "91.0000000000", margin_percent: "91.9" });
    expect(grossMargin("99", "140")).toEqual({ margin_usd: "-41.0000000000", margin_percent: "-41.4" });
    // 0.1 + 0.2 style sums stay exact
    expect(grossMargin("0.3", "0.1000000001")).toEqual({ margin_usd: "0.1999999999", margin_percent: "66.7" });
    expect(grossMargin("100", "100")).toEqual({ margin_usd: "0.0000000000", margin_percent: "0.0" });
  });

  it("has no margin % without revenue (a free customer costs, it does not lose a percentage)", () => {
    expect(grossMargin("0", "12.5")).toEqual({ margin_usd: "-12.5000000000", margin_percent: null });
  });
});

describe("quota arithmetic", () => {
  const u = { requests: 120, input_tokens: 7000, output_tokens: 3000, cost_usd: "4.0000000001" };

  it("measures tokens as input + output, requests as calls, dollars exactly", () => {
    expect(quotaUsed("tokens", u)).toBe("10000");
    expect(quotaUsed("requests", u)).toBe("120");
    expect(quotaUsed("cost_usd", u)).toBe("4.0000000001");
  });

  it("rounds the percent down: 99.99 % is not 100 %", () => {
    expect(quotaPercent("9999", "10000")).toBe(99);
    expect(quotaPercent("10000", "10000")).toBe(100);
    expect(quotaPercent("4.0000000001", "5")).toBe(80);
    expect(quotaPercent("3.9999999999", "5")).toBe(79);
    expect(quotaPercent("250", "100")).toBe(250);
  });

  it("reaches a threshold exactly at the boundary, never a hair before", () => {
    expect(reachedThresholds("3.9999999999", "5", [80, 100])).toEqual([]);
    expect(reachedThresholds("4", "5", [80, 100])).toEqual([80]);
    expect(reachedThresholds("4.9999999999", "5", [80, 100])).toEqual([80]);
    expect(reachedThresholds("5", "5", [80, 100])).toEqual([80, 100]);
    expect(reachedThresholds("800", "1000", [80, 100])).toEqual([80]);
  });

  it("writes limits as whole units or exact dollars", () => {
    expect(limitValue("tokens", "1000000.0000000000")).toBe("1000000");
    expect(limitValue("cost_usd", "25")).toBe("25.0000000000");
  });
});
