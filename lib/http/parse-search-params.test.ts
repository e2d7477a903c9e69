import { describe, expect, it } from "vitest";
import { AlertsView } from "@/lib/alerts/schemas";
import { AuditQueryInput } from "@/lib/audit/queries";
import { CustomersView } from "@/lib/customers/schemas";
import { ExportView } from "@/lib/export/schemas";
import { parsePullRequestsQuery } from "@/lib/github/pull-requests";
import { ReconciliationView } from "@/lib/providers/schemas";
import { parseReviewQuery } from "@/lib/review/schemas";
import { SurfacesView } from "@/lib/surfaces/schemas";
import { parsePageQuery, parseSearchParams, queryInput, toUrlSearchParams } from "./parse-search-params";

describe("a page's searchParams → the API's query input", () => {
  it("gives what a route handler reads from req.url: the last of a repeated key, without the table's keys", () => {
    expect(queryInput({ month: ["2026-04", "2026-05"], sort: "cost", page: "2", cols: "a", source: "bill", x: undefined })).toEqual({
      month: "2026-05",
      source: "bill",
    });
    expect([...toUrlSearchParams({ team: ["a", "b"] })]).toEqual([
      ["team", "a"],
      ["team", "b"],
    ]);
  });
});

describe("screens: a missing parameter gets its default, a bad one the invalid-link reasons", () => {
  it("month screens (surfaces, customers, export)", () => {
    expect(parseSearchParams(SurfacesView, {})).toEqual({ ok: true, view: {} });
    expect(parseSearchParams(SurfacesView, { month: "October" })).toEqual({
      ok: false,
      details: [{ path: "month", message: "must be a month as YYYY-MM" }],
    });
    expect(parseSearchParams(ExportView, { month: "2026-13" })).toMatchObject({ ok: false, details: [{ path: "month" }] });
    expect(parseSearchParams(CustomersView, { month: "2026-05", all: "1" })).toEqual({ ok: true, view: { month: "2026-05", all: true } });
    expect(parseSearchParams(CustomersView, {})).toEqual({ ok: true, view: { all: false } });
    expect(parseSearchParams(CustomersView, { all: "yes" })).toMatchObject({ ok: false, details: [{ path: "all" }] });
    expect(parseSearchParams(ExportView, { month: "2026-05", colour: "red" })).toEqual({
      ok: false,
      details: [{ path: "colour", message: "is not a known parameter" }],
    });
  });

  it("alerts: the form's empty 'all' options are no filter; an unknown kind or a negative range is refused", () => {
    expect(parseSearchParams(AlertsView, { kind: "", delivery: "", days: "7" })).toEqual({ ok: true, view: { days: 7 } });
    expect(parseSearchParams(AlertsView, {})).toEqual({ ok: true, view: { days: 30 } });
    const bad = parseSearchParams(AlertsView, { kind: "nonsense", days: "-1" });
    expect(bad.ok ? [] : bad.details.map((d) => d.path)).toEqual(["kind", "days"]);
  });

  it("reconciliation: source and grouping default, and are refused when unknown", () => {
    expect(parseSearchParams(ReconciliationView, {})).toEqual({ ok: true, view: { source: "events", group_by: "model" } });
    const bad = parseSearchParams(ReconciliationView, { source: "invoice", group_by: "colour" });
    expect(bad.ok ? [] : bad.details.map((d) => d.path)).toEqual(["source", "group_by"]);
  });

  it("audit: a malformed action or cursor is refused", () => {
    expect(parseSearchParams(AuditQueryInput, { action: "member" })).toEqual({ ok: true, view: { action: "member", limit: 50 } });
    const bad = parseSearchParams(AuditQueryInput, { action: "DROP TABLE", before: "x" });
    expect(bad.ok ? [] : bad.details.map((d) => d.path)).toEqual(["action", "before"]);
  });

  it("review and pull requests run the API's own parser", () => {
    expect(parsePageQuery(() => parseReviewQuery(toUrlSearchParams({})))).toEqual({ ok: true, view: { week: null } });
    expect(parsePageQuery(() => parseReviewQuery(toUrlSearchParams({ week: "2026-W60" })))).toMatchObject({
      ok: false,
      details: [{ path: "week", message: expect.stringContaining("ISO week") }],
    });
    const now = new Date("2026-08-20T12:00:00Z");
    expect(parsePageQuery(() => parsePullRequestsQuery(toUrlSearchParams({ state: "merged", sort: "cost" }), now))).toEqual({
      ok: true,
      view: { state: "merged", from: "2026-08-01", to: "2026-08-20" },
    });
    expect(parsePageQuery(() => parsePullRequestsQuery(toUrlSearchParams({ from: "0000-01-01" }), now))).toMatchObject({
      ok: false,
      details: [{ path: "from" }],
    });
  });

  it("lets an error that is not a refused query through", () => {
    expect(() =>
      parsePageQuery(() => {
        throw new Error("database down");
      }),
    ).toThrow("database down");
  });
});
