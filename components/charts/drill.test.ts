import { describe, expect, it } from "vitest";
import { drillHref } from "./drill";

const params = (href: string) => new URL(href, "http://x").searchParams;

describe("drillHref", () => {
  it("adds the series' filter to the view it drills from, replacing an earlier one on that dimension", () => {
    const href = drillHref(
      { query: "from=2026-11-01&to=2026-11-30&group_by=model&model=o3&environment=production", dimension: "model" },
      "gpt-4o",
    );
    expect(href.startsWith("/spend?")).toBe(true);
    const q = params(href);
    expect(q.getAll("model")).toEqual(["gpt-4o"]);
    expect(q.get("environment")).toBe("production");
    expect(q.get("group_by")).toBe("model");
    expect(q.get("from")).toBe("2026-11-01");
  });

  it("narrows to a bucket's days and lets the explorer choose the interval", () => {
    const q = params(
      drillHref({ query: "from=2026-09-10&to=2026-12-06&interval=week", dimension: "team" }, "", { from: "2026-09-10", to: "2026-09-13" }),
    );
    expect(q.getAll("team")).toEqual([""]);
    expect([q.get("from"), q.get("to"), q.get("interval")]).toEqual(["2026-09-10", "2026-09-13", null]);
  });
});
