import { describe, expect, it } from "vitest";
import { provisionalDays } from "./provisional";

describe("provisionalDays", () => {
  it("marks the current month while it has fewer than 14 days", () => {
    expect(provisionalDays("2026-12", "2026-12-06", "2026-12")).toBe(6);
    expect(provisionalDays("2026-12", "2026-12-01", "2026-12")).toBe(1);
    expect(provisionalDays("2026-12", "2026-12-13", "2026-12")).toBe(13);
  });
  it("not from the 14th on, and never a past month however short its data", () => {
    expect(provisionalDays("2026-12", "2026-12-14", "2026-12")).toBeNull();
    expect(provisionalDays("2026-11", "2026-11-30", "2026-12")).toBeNull();
    expect(provisionalDays("2026-11", "2026-11-03", "2026-12")).toBeNull();
  });
});
