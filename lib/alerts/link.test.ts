import { afterAll, describe, expect, it, vi } from "vitest";
import { alertLinks } from "./link";

// Read once by lib/env.ts, before anything else asks.
vi.stubEnv("AUTH_URL", "https://burnrate.example/api/auth");
afterAll(() => {
  vi.unstubAllEnvs();
});

const query = (link: string) => {
  const url = new URL(link);
  return { origin: url.origin, path: url.pathname, params: [...url.searchParams] };
};

describe("each alert kind links to the screen that explains it", () => {
  it("a budget: the Spend explorer over its filters, period and measure, broken down by a dimension it does not fix", () => {
    const link = alertLinks.budget(
      { filters: { team: "a&b", feature: "chat" }, measure: "effective" },
      { start: "2026-11-01", end: "2026-11-30" },
    );
    expect(query(link)).toEqual({
      origin: "https://burnrate.example",
      path: "/spend",
      params: [
        ["from", "2026-11-01"],
        ["to", "2026-11-30"],
        ["team", "a&b"],
        ["feature", "chat"],
        ["group_by", "model"],
        ["measure", "effective"],
      ],
    });
    // Metered cost is the explorer's default: not repeated; all spend is broken down by team.
    expect(query(alertLinks.budget({ filters: {}, measure: "cost" }, { start: "2026-11-23", end: "2026-11-23" })).params).toEqual([
      ["from", "2026-11-23"],
      ["to", "2026-11-23"],
      ["group_by", "team"],
    ]);
  });

  it("an anomaly: the explorer on that value and day, by model (by feature for a model)", () => {
    expect(query(alertLinks.anomaly("team", "plat form/ü", "2026-11-22")).params).toEqual([
      ["from", "2026-11-22"],
      ["to", "2026-11-22"],
      ["team", "plat form/ü"],
      ["group_by", "model"],
    ]);
    expect(query(alertLinks.anomaly("model", "gpt-4.1", "2026-11-22")).params).toContainEqual(["group_by", "feature"]);
  });

  it("a runaway session: the session's page, its id as one path segment", () => {
    expect(alertLinks.runaway("a/b c?d")).toBe("https://burnrate.example/sessions/a%2Fb%20c%3Fd");
  });

  it("a quota: the customer's production usage that month (one feature's when the quota is per feature)", () => {
    const link = alertLinks.quota({
      customer: "acme corp",
      feature: "",
      environment: "production",
      firstDay: "2026-05-01",
      lastDay: "2026-05-31",
    });
    expect(query(link)).toMatchObject({
      path: "/spend",
      params: [
        ["from", "2026-05-01"],
        ["to", "2026-05-31"],
        ["customer", "acme corp"],
        ["environment", "production"],
        ["group_by", "feature"],
      ],
    });
    const perFeature = alertLinks.quota({
      customer: "acme",
      feature: "chat",
      environment: "production",
      firstDay: "2026-05-01",
      lastDay: "2026-05-31",
    });
    expect(query(perFeature).params).toContainEqual(["feature", "chat"]);
    expect(query(perFeature).params).toContainEqual(["group_by", "model"]);
  });

  it("the weekly digest: that week's review", () => {
    expect(alertLinks.digest("2026-W47")).toBe("https://burnrate.example/review?week=2026-W47");
  });
});
