import { describe, expect, it } from "vitest";
import { budgetMatches } from "./check-budgets";
import { maskWebhookUrl } from "./present";
import { BudgetInput } from "./schemas";

describe("BudgetInput", () => {
  it("defaults: all spend, thresholds 50/80/100, metered cost; amounts kept as exact decimal strings", () => {
    const b = BudgetInput.parse({ name: " Platform ", amount_usd: 500, period: "month" });
    expect(b).toEqual({ name: "Platform", amount_usd: "500", period: "month", filters: {}, thresholds: [50, 80, 100], measure: "cost" });
    expect(BudgetInput.parse({ name: "x", amount_usd: 1, period: "day", measure: "effective" }).measure).toBe("effective");
    expect(BudgetInput.safeParse({ name: "x", amount_usd: 1, period: "day", measure: "billed" }).error?.issues).toEqual([
      expect.objectContaining({ path: ["measure"], message: "must be cost, effective or list" }),
    ]);
    expect(BudgetInput.parse({ name: "x", amount_usd: "0.0000000001", period: "day" }).amount_usd).toBe("0.0000000001");
  });

  it("sorts and de-duplicates thresholds", () => {
    expect(BudgetInput.parse({ name: "x", amount_usd: "1", period: "week", thresholds: [100, 50, 100, 75] }).thresholds).toEqual([
      50, 75, 100,
    ]);
  });

  it("rejects bad fields with a path for each", () => {
    const r = BudgetInput.safeParse({
      name: "",
      amount_usd: "-3",
      period: "year",
      filters: { colour: "red" },
      thresholds: [0],
      webhook_url: "ftp://example.com/hook",
      extra: 1,
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => (i.path.length > 0 ? i.path.join(".") : i.code)).sort();
    expect(paths).toEqual(["amount_usd", "filters.colour", "name", "period", "thresholds.0", "unrecognized_keys", "webhook_url"].sort());
  });

  it("accepts http(s) webhooks, and an empty one as none", () => {
    expect(
      BudgetInput.parse({ name: "x", amount_usd: "1", period: "day", webhook_url: "https://hooks.slack.com/services/T/B/X" }).webhook_url,
    ).toBe("https://hooks.slack.com/services/T/B/X");
    expect(BudgetInput.parse({ name: "x", amount_usd: "1", period: "day", webhook_url: "" }).webhook_url).toBeUndefined();
  });
});

describe("budgetMatches", () => {
  it("a budget applies when every one of its filters is in the query; no filters match everything", () => {
    expect(budgetMatches({}, {})).toBe(true);
    expect(budgetMatches({}, { team: "growth" })).toBe(true);
    expect(budgetMatches({ team: "platform" }, { team: "platform", model: "gpt-4o" })).toBe(true);
    expect(budgetMatches({ team: "platform" }, { team: "growth" })).toBe(false);
    expect(budgetMatches({ team: "platform" }, {})).toBe(false);
    expect(budgetMatches({ team: "platform", model: "gpt-4o" }, { team: "platform" })).toBe(false);
    expect(budgetMatches({ provider: "OpenAI" }, { provider: "openai" })).toBe(true);
  });
});

describe("maskWebhookUrl", () => {
  it("keeps the host and hides the secret path", () => {
    expect(maskWebhookUrl("https://hooks.slack.com/services/T000/B000/abcdefgh")).toBe("https://hooks.slack.com/…efgh");
    expect(maskWebhookUrl(null)).toBeNull();
  });
});
