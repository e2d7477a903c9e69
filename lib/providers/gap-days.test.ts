import { expect, it } from "vitest";
import { gapDays, isOverThreshold, untaggedPercent } from "./gap-days";
import type { ReconciliationRow } from "./reconciliation";

const row = (date: string, reported: string, attributed: string): ReconciliationRow => ({
  date,
  provider: "openai",
  model: null,
  reported_cost_usd: reported,
  attributed_cost_usd: attributed,
  gap_usd: "0",
  reported_input_tokens: 0,
  reported_output_tokens: 0,
});

it("flags days whose events miss more than 5 % of the bill (or overshoot it), summing every model of the day", () => {
  expect(isOverThreshold("100", "95")).toBe(false);
  expect(isOverThreshold("100", "94.99")).toBe(true);
  expect(isOverThreshold("100", "105.01")).toBe(true);
  expect(isOverThreshold("0", "1")).toBe(true);
  expect(isOverThreshold("0", "0")).toBe(false);
  expect(untaggedPercent("200", "150")).toBe(25);
  expect(untaggedPercent("200", "250")).toBe(0);
  expect(untaggedPercent("0", "5")).toBeNull();
  const days = gapDays([row("2026-04-02", "10", "10"), row("2026-04-01", "60", "30"), row("2026-04-01", "40", "40")]);
  expect(days.map((d) => [d.date, d.gap, d.untaggedPercent, d.overThreshold])).toEqual([
    ["2026-04-01", "30.0000000000", 30, true],
    ["2026-04-02", "0.0000000000", 0, false],
  ]);
});
