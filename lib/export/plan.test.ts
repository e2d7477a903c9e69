import { describe, expect, it } from "vitest";
import { exportPlan } from "./plan";

const at = (iso: string) => new Date(iso);

describe("exportPlan: where late events of closed months go", () => {
  it("an open month after no closed month has no adjustments and no cut-off", () => {
    const plan = exportPlan("2026-10", [{ month: "2026-08", closedAt: at("2026-09-03T00:00:00Z") }]);
    expect(plan).toMatchObject({ month: "2026-10", firstDay: "2026-10-01", lastDay: "2026-10-31", closedAt: null, adjustments: [] });
    expect(plan.start.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(plan.end.toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("the month after a closed one takes its events received after the close", () => {
    const closes = [{ month: "2026-09", closedAt: at("2026-10-03T12:00:00Z") }];
    expect(exportPlan("2026-10", closes).adjustments).toEqual([{ month: "2026-09", after: at("2026-10-03T12:00:00Z"), upTo: null }]);
    expect(exportPlan("2026-09", closes)).toMatchObject({ closedAt: at("2026-10-03T12:00:00Z"), adjustments: [] });
  });

  it("a closed month keeps the adjustments that arrived before it closed; later ones move on to the next open month", () => {
    const closes = [
      { month: "2026-09", closedAt: at("2026-10-03T00:00:00Z") },
      { month: "2026-10", closedAt: at("2026-11-04T00:00:00Z") },
    ];
    expect(exportPlan("2026-10", closes).adjustments).toEqual([
      { month: "2026-09", after: at("2026-10-03T00:00:00Z"), upTo: at("2026-11-04T00:00:00Z") },
    ]);
    expect(exportPlan("2026-11", closes).adjustments).toEqual([
      { month: "2026-10", after: at("2026-11-04T00:00:00Z"), upTo: null },
      { month: "2026-09", after: at("2026-11-04T00:00:00Z"), upTo: null },
    ]);
  });

  it("a month closed before an earlier one never receives that earlier month's late events", () => {
    const closes = [
      { month: "2026-09", closedAt: at("2026-11-10T00:00:00Z") },
      { month: "2026-10", closedAt: at("2026-11-04T00:00:00Z") },
    ];
    expect(exportPlan("2026-10", closes).adjustments).toEqual([]);
    expect(exportPlan("2026-11", closes).adjustments).toEqual([
      { month: "2026-10", after: at("2026-11-04T00:00:00Z"), upTo: null },
      { month: "2026-09", after: at("2026-11-10T00:00:00Z"), upTo: null },
    ]);
  });

  it("an open month in between stops the chain: it takes the earlier month's late events itself", () => {
    const closes = [{ month: "2026-08", closedAt: at("2026-09-02T00:00:00Z") }];
    expect(exportPlan("2026-10", closes).adjustments).toEqual([]);
    expect(exportPlan("2026-09", closes).adjustments).toHaveLength(1);
  });

  it("crosses year ends", () => {
    const plan = exportPlan("2027-01", [{ month: "2026-12", closedAt: at("2027-01-02T00:00:00Z") }]);
    expect(plan.adjustments.map((a) => a.month)).toEqual(["2026-12"]);
    expect(plan.lastDay).toBe("2027-01-31");
  });
});

describe("exportPlan: which days' plan fees the file holds", () => {
  it("an ended or closed month holds the whole month's fees; the month in progress its fees to date; a month to come none", () => {
    const now = at("2026-11-22T12:00:00Z");
    expect(exportPlan("2026-10", [], now).feesThrough).toBe("2026-10-31");
    expect(exportPlan("2026-11", [], now).feesThrough).toBe("2026-11-22");
    expect(exportPlan("2026-11", [{ month: "2026-11", closedAt: at("2026-11-22T00:00:00Z") }], now).feesThrough).toBe("2026-11-30");
    expect(exportPlan("2026-12", [], now).feesThrough).toBeNull();
  });
});
