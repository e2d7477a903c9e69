import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { encodeCursor } from "./cursor";
import { parseSpendQuery } from "./schemas";

const NOW = new Date("2026-11-22T12:00:00Z");
const parse = (q: string) => parseSpendQuery(new URLSearchParams(q), NOW);
const details = (q: string) => {
  try {
    parse(q);
  } catch (err) {
    if (err instanceof AppError) return err.details?.map((d) => d.path);
    throw err;
  }
  return [];
};

describe("parseSpendQuery", () => {
  it("defaults to this month to date, no grouping, no interval", () => {
    expect(parse("")).toEqual({ from: "2026-11-01", to: "2026-11-22", groupBy: [], interval: "none", filters: {} });
  });

  it("reads group_by, interval and dimension filters, including repeated values and 'not set'", () => {
    expect(
      parse("from=2026-10-01&to=2026-10-31&group_by=team,model&interval=week&team=a&team=&billable=false&pr=12&provider=OpenAI"),
    ).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
      groupBy: ["team", "model"],
      interval: "week",
      filters: { team: ["a", null], billable: [false], pr: [12], provider: ["openai"] },
    });
  });

  it.each([
    ["from=2026-13-01", "from"],
    ["from=2026-02-30", "from"],
    ["from=2026-11-10&to=2026-11-01", "from"],
    ["group_by=team,model,user,feature", "group_by"],
    ["group_by=team,team", "group_by"],
    ["group_by=colour", "group_by"],
    ["interval=hour", "interval"],
    ["billable=yes", "billable"],
    ["pr=0", "pr"],
    ["tema=platform", "tema"],
    ["from=0000-01-01", "from"],
    ["from=9999-12-01&to=9999-12-31", "from"],
    ["from=2025-01-01&to=2026-11-22&interval=day", "from"],
    ["from=2020-01-01&to=2026-11-22&interval=week", "from"],
    ["from=2016-01-01&to=2026-11-22", "from"],
    ["limit=0", "limit"],
    ["limit=10001", "limit"],
    ["limit=ten", "limit"],
    ["cursor=abc", "cursor"],
  ])("refuses %s naming %s", (query, path) => {
    expect(details(query)).toContain(path);
  });
});

describe("spend paging parameters", () => {
  it("takes a limit and a cursor of the same query, and refuses a cursor of another", () => {
    const first = parse("from=2026-11-01&to=2026-11-22&group_by=session&limit=50");
    expect(first).toMatchObject({ limit: 50 });
    const cursor = encodeCursor(first, 50);
    expect(parse(`from=2026-11-01&to=2026-11-22&group_by=session&limit=50&cursor=${cursor}`)).toMatchObject({ limit: 50, offset: 50 });
    expect(details(`from=2026-11-01&to=2026-11-22&group_by=team&limit=50&cursor=${cursor}`)).toEqual(["cursor"]);
  });

  it("bounds the range per interval, naming the limit", () => {
    expect(parse("from=2026-01-01&to=2026-12-31&interval=day").interval).toBe("day");
    try {
      parse("from=2000-01-01&to=2026-11-22&interval=day");
    } catch (err) {
      expect((err as AppError).details).toEqual([{ path: "from", message: expect.stringContaining("more than 366 days at interval=day") }]);
      return;
    }
    throw new Error("expected a 400");
  });
});
