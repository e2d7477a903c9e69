import { describe, expect, it } from "vitest";
import { rewriteForwardedHeaders } from "./forwarded.mjs";
import { isActionLikePost, sanitizeUrl } from "./screen.mjs";

describe("sanitizeUrl", () => {
  it("escapes only the path segments that cannot be decoded, and leaves the query alone", () => {
    expect(sanitizeUrl("/api/v1/budgets/%ff")).toBe("/api/v1/budgets/%25ff");
    expect(sanitizeUrl("/sessions/%e2%82?x=%ff")).toBe("/sessions/%25e2%2582?x=%ff");
    expect(sanitizeUrl("/sessions/caf%C3%A9/%zz")).toBe("/sessions/caf%C3%A9/%25zz");
    expect(sanitizeUrl("/api/v1/spend?team=a%20b")).toBe("/api/v1/spend?team=a%20b");
  });
});

describe("rewriteForwardedHeaders", () => {
  it("with no trusted proxy, replaces X-Forwarded-For by the socket address and drops forwarded host and proto", () => {
    const headers = { "x-forwarded-for": "6.6.6.6", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "app" };
    rewriteForwardedHeaders(headers, "10.0.0.5", 0);
    expect(headers).toEqual({ "x-forwarded-for": "10.0.0.5", host: "app" });
  });

  it("with trusted proxies, appends the socket address (the nearest proxy) and keeps what they forwarded", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7", "x-forwarded-proto": "https" };
    rewriteForwardedHeaders(headers, "10.0.0.1", 1);
    expect(headers).toEqual({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.1", "x-forwarded-proto": "https" });
    const none: Record<string, string> = {};
    rewriteForwardedHeaders(none, "10.0.0.1", 2);
    expect(none).toEqual({ "x-forwarded-for": "10.0.0.1" });
  });
});

describe("isActionLikePost", () => {
  it("is a POST with a form body or the action header, whatever the case of the type", () => {
    expect(isActionLikePost("POST", { "content-type": "Multipart/Form-Data; boundary=x" })).toBe(true);
    expect(isActionLikePost("POST", { "content-type": "application/x-www-form-urlencoded" })).toBe(true);
    expect(isActionLikePost("POST", { "next-action": "abc" })).toBe(true);
    expect(isActionLikePost("POST", { "content-type": "application/json" })).toBe(false);
    expect(isActionLikePost("PATCH", { "content-type": "multipart/form-data" })).toBe(false);
  });
});
