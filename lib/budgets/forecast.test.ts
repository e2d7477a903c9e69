import { describe, expect, it } from "vitest";
import { projectBudget, robustDailyRate } from "./forecast";

const month = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };

describe("projectBudget", () => {
  it("carries the rate so far to the period's end and finds the day it reaches 100 %", () => {
    // 10 days of 30 elapsed, $200 spent: $20/day → $600 at the end; $500 is reached after 25 days (26 Nov).
    const p = projectBudget({ spentUsd: "200", amountUsd: "500", ...month, now: new Date("2026-11-11T00:00:00Z") });
    expect(p).toEqual({ percent: 40, remainingUsd: "300.0000000000", forecastUsd: "600.0000000000", projectedExceedDate: "2026-11-26" });
  });

  it("no crossing day when the forecast stays under the amount", () => {
    const p = projectBudget({ spentUsd: "100", amountUsd: "500", ...month, now: new Date("2026-11-16T00:00:00Z") });
    expect(p.forecastUsd).toBe("200.0000000000");
    expect(p.projectedExceedDate).toBeNull();
  });

  it("over budget: remaining is 0, percent above 100, no future crossing day", () => {
    const p = projectBudget({ spentUsd: "612.5", amountUsd: "500", ...month, now: new Date("2026-11-16T00:00:00Z") });
    expect(p.percent).toBe(122.5);
    expect(p.remainingUsd).toBe("0.0000000000");
    expect(p.projectedExceedDate).toBeNull();
  });

  it("keeps money exact (no binary floats)", () => {
    const p = projectBudget({
      spentUsd: "0.1000000001",
      amountUsd: "0.3",
      start: new Date("2026-11-22T00:00:00Z"),
      end: new Date("2026-11-23T00:00:00Z"),
      now: new Date("2026-11-22T12:00:00Z"),
    });
    expect(p.remainingUsd).toBe("0.1999999999");
    expect(p.forecastUsd).toBe("0.2000000002");
    expect(p.percent).toBe(33.33);
  });

  it("never shows 100 % before the amount is reached", () => {
    const p = projectBudget({ spentUsd: "9.9999999999", amountUsd: "10", ...month, now: new Date("2026-11-16T00:00:00Z") });
    expect(p.percent).toBe(99.99);
    expect(p.remainingUsd).toBe("0.0000000001");
  });

  it("nothing spent at the very start of a period: forecast 0, no division by zero", () => {
    const p = projectBudget({ spentUsd: "0", amountUsd: "10", ...month, now: month.start });
    expect(p).toEqual({ percent: 0, remainingUsd: "10.0000000000", forecastUsd: "0.0000000000", projectedExceedDate: null });
  });

  it("a one-day spike on the period's first day does not carry forward: the rest is projected at the robust rate", () => {
    // Thirteen days of $10 before November, then $600 on 1 November; $5 so far on the 2nd.
    const history = [
      ...Array.from({ length: 13 }, (_, i) => ({ day: `2026-10-${String(19 + i).padStart(2, "0")}`, usd: "10" })),
      { day: "2026-11-01", usd: "600" },
    ];
    const dailyRateUsd = robustDailyRate(history, "2026-11-01");
    expect(dailyRateUsd).toBe("10");
    const now = new Date("2026-11-02T12:00:00Z");
    const p = projectBudget({ spentUsd: "605", amountUsd: "1000", ...month, now, dailyRateUsd });
    // 605 + 28.5 days × $10, not 605 × 30 / 1.5 = $12,100.
    expect(p.forecastUsd).toBe("890.0000000000");
    expect(p.projectedExceedDate).toBeNull();
    expect(projectBudget({ spentUsd: "605", amountUsd: "1000", ...month, now }).forecastUsd).toBe("12100.0000000000");
    // At the same rate a $800 budget is reached 19.5 days later, on 22 November.
    expect(projectBudget({ spentUsd: "605", amountUsd: "800", ...month, now, dailyRateUsd }).projectedExceedDate).toBe("2026-11-22");
  });

  it("the robust rate counts quiet days as 0 from the first day with spend, and is unknown without any", () => {
    expect(
      robustDailyRate(
        [
          { day: "2026-11-20", usd: "5" },
          { day: "2026-11-22", usd: "7" },
        ],
        "2026-11-22",
      ),
    ).toBe("5");
    expect(
      robustDailyRate(
        [
          { day: "2026-11-19", usd: "4" },
          { day: "2026-11-20", usd: "8" },
        ],
        "2026-11-22",
      ),
    ).toBe("2");
    expect(robustDailyRate([{ day: "2026-11-20", usd: "0" }], "2026-11-22")).toBeUndefined();
    expect(robustDailyRate([], "2026-11-22")).toBeUndefined();
  });
});
