import { describe, expect, it } from "vitest";
import { safeNextPath, safeRedirectUrl } from "./safe-next";

const HOSTILE = [
  "//evil.example/x",
  "/\\evil.example/x",
  "\\\\evil.example/x",
  "/\t/evil.example/x",
  "/\n/evil.example/x",
  "/\r\n/evil.example/x",
  "\t//evil.example",
  " //evil.example",
  "/.//evil.example/x",
  "/./\\evil.example",
  "https://evil.example/x",
  "HTTPS://evil.example",
  "https:/\\evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "//evil.example@burnrate.invalid",
  "http://burnrate.invalid@evil.example/",
  "",
  "x".repeat(3000),
  42,
  null,
  ["/spend"],
] as const;

describe("safeNextPath", () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v)?.slice(0, 60), v]))("refuses %s", (_, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it("keeps same-origin paths and queries, normalised, without the fragment", () => {
    expect(safeNextPath("/spend?group_by=model&from=2026-01-01")).toBe("/spend?group_by=model&from=2026-01-01");
    expect(safeNextPath("/settings/../customers#x")).toBe("/customers");
    expect(safeNextPath("spend")).toBe("/spend");
    // Encoded separators stay encoded: one path segment on this site, never another host.
    expect(safeNextPath("/%5Cevil.example")).toBe("/%5Cevil.example");
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNextPath("/%09/evil.example/x")).toBe("/%09/evil.example/x");
    // Scheme-relative to the app's own origin: a path here.
    expect(safeNextPath("http:evil.example")).toBe("/evil.example");
  });

  it("every kept value resolves to the same origin when a browser follows it", () => {
    for (const v of [...HOSTILE, "/a", "/%5C%5Cevil", "/a/..//evil", "/..//evil", "/%2e%2e//evil"]) {
      const out = safeNextPath(v);
      expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
    }
  });
});

describe("safeRedirectUrl (Auth.js redirect callback)", () => {
  const base = "https://app.example";
  it("keeps same-origin URLs and relative paths; anything else goes home", () => {
    expect(safeRedirectUrl("https://app.example/spend?x=1", base)).toBe("https://app.example/spend?x=1");
    expect(safeRedirectUrl("/review", base)).toBe("https://app.example/review");
    expect(safeRedirectUrl("https://evil.example/review", base)).toBe("https://app.example/");
    expect(safeRedirectUrl("/\t/evil.example/x", base)).toBe("https://app.example/");
    expect(safeRedirectUrl("https://app.example/.//evil.example", base)).toBe("https://app.example/");
    expect(safeRedirectUrl("http://[", base)).toBe("https://app.example/");
  });
});
