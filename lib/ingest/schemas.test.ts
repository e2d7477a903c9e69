import { describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { parseEvent } from "./schemas";

const NOW = new Date("2026-11-22T12:00:00Z");

function errorsOf(overrides: Record<string, unknown>) {
  const result = parseEvent(makeEvent({ id: "e1", ...overrides }), NOW);
  return result.ok ? [] : result.errors;
}
const paths = (overrides: Record<string, unknown>) => errorsOf(overrides).map((e) => e.path);

describe("parseEvent", () => {
  it("accepts a minimal event and applies the contract's defaults", () => {
    const result = parseEvent(
      { id: "e1", timestamp: "2026-11-22T11:00:00+01:00", provider: "OpenAI", model: "gpt-4o", input_tokens: 10, output_tokens: 5 },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      event: {
        id: "e1",
        timestamp: "2026-11-22T11:00:00+01:00",
        provider: "openai",
        model: "gpt-4o",
        surface: "api",
        input_tokens: 10,
        output_tokens: 5,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        reasoning_tokens: 0,
        status: "ok",
        environment: "production",
        billable: true,
      },
    });
  });

  it.each([
    [{ id: undefined }, "id"],
    [{ id: "" }, "id"],
    [{ id: "x".repeat(201) }, "id"],
    [{ id: 12 }, "id"],
    [{ timestamp: "2026-11-22 10:00:00" }, "timestamp"],
    [{ timestamp: "2026-11-22T10:00:00" }, "timestamp"], // no offset
    [{ timestamp: "2026-11-22T12:05:01Z" }, "timestamp"], // > 5 minutes ahead
    [{ provider: undefined }, "provider"],
    [{ model: "" }, "model"],
    [{ surface: "seat" }, "surface"],
    [{ plan: "Team" }, "plan"], // plan needs surface "plan"
    [{ input_tokens: undefined }, "input_tokens"],
    [{ input_tokens: "100" }, "input_tokens"], // numbers must be JSON numbers
    [{ input_tokens: 1.5 }, "input_tokens"],
    [{ output_tokens: -1 }, "output_tokens"],
    [{ output_tokens: 2 ** 31 }, "output_tokens"],
    [{ cache_read_tokens: 600, cache_write_tokens: 401 }, "cache_read_tokens"], // read + write > input (1000)
    [{ reasoning_tokens: 201 }, "reasoning_tokens"], // > output (200)
    [{ cost_usd: -0.01 }, "cost_usd"],
    [{ cost_usd: "1e-3" }, "cost_usd"],
    [{ cost_usd: "abc" }, "cost_usd"],
    [{ cost_usd: true }, "cost_usd"],
    [{ cost_usd: 1e12 }, "cost_usd"],
    [{ status: "failed" }, "status"],
    [{ latency_ms: -5 }, "latency_ms"],
    [{ environment: "x".repeat(201) }, "environment"],
    [{ team: "a\u0000b" }, "team"],
    [{ user: 42 }, "user"],
    [{ repo: "just-a-name" }, "repo"],
    [{ pr: 0 }, "pr"],
    [{ pr: 12, repo: undefined }, "pr"],
    [{ billable: "yes" }, "billable"],
    [{ tags: { k: 1 } }, "tags.k"],
    [{ tags: { ["k".repeat(65)]: "v" } }, `tags.${"k".repeat(65)}`],
    [{ tags: { k: "v".repeat(201) } }, "tags.k"],
    [{ tags: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, "v"])) }, "tags"],
    [{ input_token: 5 }, "input_token"], // a typo must not silently lose tokens
  ])("rejects %j at %s", (overrides, path) => {
    expect(paths(overrides)).toContain(path);
  });

  it("accepts the limits themselves", () => {
    expect(
      errorsOf({
        id: "x".repeat(200),
        timestamp: "2026-11-22T12:05:00Z",
        cache_read_tokens: 600,
        cache_write_tokens: 400,
        reasoning_tokens: 200,
        repo: "acme/web",
        pr: 1,
        surface: "plan",
        plan: "Claude Team",
        tags: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`.padEnd(64, "x"), "v".repeat(200)])),
        team: "t".repeat(200),
      }),
    ).toEqual([]);
  });

  it("treats null and empty optional strings as not set, so they never form their own group", () => {
    const result = parseEvent(makeEvent({ id: "e1", team: "", user: null, environment: "" }), NOW);
    expect(result.ok && [result.event.team, result.event.user, result.event.environment]).toEqual([undefined, undefined, "production"]);
  });

  it("keeps reported costs exact as decimal strings, rounding half-even past 10 decimals", () => {
    const cost = (v: unknown) => {
      const r = parseEvent(makeEvent({ id: "e1", cost_usd: v }), NOW);
      return r.ok ? r.event.cost_usd : r.errors;
    };
    expect(cost(0.1)).toBe("0.1000000000");
    expect(cost("12.3456789012")).toBe("12.3456789012");
    expect(cost("12.34567890125")).toBe("12.3456789012");
    expect(cost("12.34567890135")).toBe("12.3456789014");
    expect(cost("0.00000000005")).toBe("0.0000000000"); // half to even (0)
    expect(cost("0.00000000015")).toBe("0.0000000002"); // half to even (2)
    expect(cost(1e-7)).toBe("0.0000001000");
    expect(cost("999999999999.9999999999")).toBe("999999999999.9999999999");
  });

  it("names every unknown field", () => {
    expect(errorsOf({ foo: 1, bar: 2 })).toEqual([
      { path: "foo", message: "is not a known field" },
      { path: "bar", message: "is not a known field" },
    ]);
  });
});

describe("parseEvent with retention", () => {
  const at = (timestamp: string, keepFrom: string | null) => parseEvent(makeEvent({ id: "r1", timestamp }), NOW, keepFrom);

  it("rejects an event before the retention period's first month (UTC, whatever the offset), with its reason", () => {
    for (const ts of ["2026-10-31T23:59:59Z", "2026-11-01T00:30:00+01:00", "2019-01-01T00:00:00Z"]) {
      const r = at(ts, "2026-11-01");
      expect(r.ok, ts).toBe(false);
      expect(r.ok ? [] : r.errors).toEqual([
        { path: "timestamp", message: expect.stringMatching(/^must not be before 2026-11-01 \(UTC\): .*BURNRATE_RETENTION_MONTHS/) },
      ]);
    }
  });

  it("accepts the period's first instant, and anything without retention", () => {
    expect(at("2026-11-01T00:00:00Z", "2026-11-01").ok).toBe(true);
    expect(at("2026-11-01T01:00:00+01:00", "2026-11-01").ok).toBe(true);
    expect(at("2019-01-01T00:00:00Z", null).ok).toBe(true);
  });
});

describe("parseEvent on optional strings", () => {
  it("accepts null for repo and pr-less events, and still checks the repo's shape", () => {
    expect(errorsOf({ repo: null })).toEqual([]);
    expect(errorsOf({ repo: "" })).toEqual([]);
    expect(paths({ repo: "a/b/c" })).toEqual(["repo"]);
    expect(paths({ model: "gpt\n4o" })).toEqual(["model"]);
    expect(paths(JSON.parse(`{"constructor": 1, "__proto__": {"admin": true}}`))).toEqual(["constructor", "__proto__"]);
  });
});
