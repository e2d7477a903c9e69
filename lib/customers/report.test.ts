import { describe, expect, it } from "vitest";
import type { Customer } from "./queries";
import { buildReport } from "./report";
import type { UsageSlice } from "./usage";

const customer = (externalId: string, revenue: string, quotas: Customer["quotas"] = [], tier: Customer["tier"] = "paid"): Customer => ({
  id: externalId,
  externalId,
  name: externalId.toUpperCase(),
  tier,
  monthlyRevenueUsd: revenue,
  updatedAt: new Date(0),
  quotas,
});
const slice = (customer: string, cost: string, over: Partial<UsageSlice> = {}): UsageSlice => ({
  month: "2026-05",
  customer,
  feature: null,
  billable: true,
  production: true,
  counted: true,
  requests: 1,
  input_tokens: 0,
  output_tokens: 0,
  cost_usd: cost,
  ...over,
});

describe("the customers report on constructed data", () => {
  it("orders negative margins first, then quotas at 80 % or more, then by cost; registered customers without usage stay listed", () => {
    const registered = [
      customer("big", "1000"),
      customer("loss", "10"),
      customer("quota", "100", [{ id: "q", metric: "requests", feature: "", limit: "5" }]),
      customer("idle", "50"),
      customer("staff", "0", [], "internal"),
    ];
    const slices = [
      slice("big", "500"),
      slice("loss", "10.0000000001"),
      slice("quota", "1", { requests: 4 }),
      slice("quota", "1", { requests: 9, billable: false }), // non-billable calls do not count toward the quota
      slice("staff", "70", { counted: false }),
      slice("big", "999", { production: false, counted: false }), // staging
    ];
    const r = buildReport(registered, slices, { month: "2026-05", includeAll: false }, "2025-12");
    expect(r.rows.map((x) => [x.customer, x.attention])).toEqual([
      ["loss", "negative_margin"],
      ["quota", "quota"],
      ["big", null],
      ["idle", null],
    ]);
    expect(r.rows[0]).toMatchObject({ margin_usd: "-0.0000000001", margin_percent: "0.0" });
    expect(r.rows[1]?.quotas).toEqual([{ metric: "requests", limit: "5", used: "4", percent: 80 }]);
    expect(r.rows[3]).toMatchObject({ cost_usd: "0.0000000000", margin_usd: "50.0000000000", margin_percent: "100.0" });
    expect(r.excluded).toEqual({ requests: 2, cost_usd: "1069.0000000000" });
    expect(r.totals).toMatchObject({ cost_usd: "512.0000000001", billable_cost_usd: "511.0000000001", revenue_usd: "1160.0000000000" });

    const all = buildReport(registered, slices, { month: "2026-05", includeAll: true }, "2025-12");
    expect(all.rows.map((x) => x.customer)).toContain("staff");
    expect(all.totals.cost_usd).toBe("1581.0000000001");
    expect(all.excluded.cost_usd).toBe("0.0000000000");
  });
});
