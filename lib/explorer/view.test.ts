import { describe, expect, it } from "vitest";
import { periodStarts } from "@/lib/dates/calendar";
import { AppError } from "@/lib/errors";
import { toSearchParams } from "@/lib/http/parse-search-params";
import { autoInterval } from "./get-explorer";
import { datePresets, drillDown, parseExplorerQuery, spendQuery, viewQuery, viewTitle } from "./view";

const NOW = new Date("2026-11-22T12:00:00Z");

describe("explorer URL", () => {
  it("defaults to this month by team, keeps filters, and ignores the table's own keys", () => {
    const input = parseExplorerQuery(new URLSearchParams("team=platform&team=&sort=requests.asc&page=3&cols=tokens"), NOW);
    expect(input).toEqual({
      from: "2026-11-01",
      to: "2026-11-22",
      groupBy: ["team"],
      interval: "none",
      filters: { team: ["platform", null] },
    });
    // The API link spells the defaults out and keeps "not set" as an empty value.
    expect(spendQuery(input).toString()).toBe("from=2026-11-01&to=2026-11-22&group_by=team&team=platform&team=");
  });

  it("rejects what the API rejects, and a third level", () => {
    const error = (query: string) => {
      try {
        parseExplorerQuery(new URLSearchParams(query), NOW);
      } catch (err) {
        return err instanceof AppError ? err.details : err;
      }
      return null;
    };
    expect(error("group_by=team,model,user")).toEqual([{ path: "group_by", message: "the explorer groups by at most 2 dimensions" }]);
    expect(error("group_by=colour")).toEqual([expect.objectContaining({ path: "group_by" })]);
    expect(error("from=2026-11-31&to=2026-12-05")).toEqual([{ path: "from", message: "is not a calendar date" }]);
    expect(error("colour=red")).toEqual([{ path: "colour", message: "is not a known parameter or dimension" }]);
  });

  it("a saved view's query: fixed key order, grouping spelled out, table keys dropped, a relative period kept relative", () => {
    const view = (query: string) => viewQuery(new URLSearchParams(query), NOW);
    expect(view("team=&environment=production&sort=requests.asc&page=2&cols=tokens&measure=list&limit=5")).toBe(
      "group_by=team&measure=list&environment=production&team=",
    );
    expect(view("to=2026-11-10&group_by=model,team&from=2026-10-01&interval=week&team=b&team=a")).toBe(
      "from=2026-10-01&to=2026-11-10&group_by=model,team&interval=week&team=b&team=a",
    );
    expect(() => view("group_by=colour")).toThrow(AppError);
    expect(() => view("measure=profit")).toThrow(AppError);
  });

  it("drills into a row: its values become filters, grouping moves to the next dimension not yet fixed", () => {
    const from = new URLSearchParams("from=2026-11-01&group_by=team&page=2&sort=requests.desc&environment=production");
    const next = drillDown(from, ["team"], ["platform"]);
    expect(next.get("team")).toBe("platform");
    expect(next.get("group_by")).toBe("feature");
    expect(next.get("environment")).toBe("production");
    expect(next.has("page") || next.has("sort")).toBe(false);

    // Two levels, one of them "not set": both fixed; team and feature are taken, so model is next.
    const two = drillDown(new URLSearchParams("group_by=team,feature"), ["team", "feature"], ["growth", ""]);
    expect(two.getAll("team")).toEqual(["growth"]);
    expect(two.getAll("feature")).toEqual([""]);
    expect(two.get("group_by")).toBe("model");

    // Drilling again replaces a filter on the same dimension instead of adding a second value.
    const again = drillDown(new URLSearchParams("team=platform&team=growth&group_by=team"), ["team"], ["growth"]);
    expect(again.getAll("team")).toEqual(["growth"]);
  });

  it("presets end today (UTC); last month is the whole previous calendar month", () => {
    expect(datePresets("2026-03-31").map((p) => [p.key, p.from, p.to])).toEqual([
      ["mtd", "2026-03-01", "2026-03-31"],
      ["7d", "2026-03-25", "2026-03-31"],
      ["30d", "2026-03-02", "2026-03-31"],
      ["last-month", "2026-02-01", "2026-02-28"],
      ["90d", "2026-01-01", "2026-03-31"],
    ]);
  });

  it("turns a Next.js searchParams object into URLSearchParams with repeated keys", () => {
    expect(toSearchParams({ team: ["a", "b"], model: "x", none: undefined }).toString()).toBe("team=a&team=b&model=x");
  });

  it("picks chart buckets by range length and lists every bucket, weeks from Monday", () => {
    expect(autoInterval("2026-11-01", "2026-12-31")).toBe("day"); // 61 days
    expect(autoInterval("2026-09-01", "2026-11-22")).toBe("week");
    expect(autoInterval("2025-01-01", "2026-11-22")).toBe("month");
    expect(periodStarts("2026-11-04", "2026-11-22", "week")).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
    expect(periodStarts("2026-01-31", "2026-03-01", "month")).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    expect(periodStarts("2026-02-27", "2026-03-01", "day")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});

describe("viewTitle", () => {
  it("names the grouping in running text, keeping acronyms", () => {
    expect(viewTitle(["team", "tool"])).toBe("Spend by team and tool / MCP server");
    expect(viewTitle(["repo"])).toBe("Spend by repository");
  });
});
