import { describe, expect, it } from "vitest";
import { STORED_DIMENSIONS } from "@/lib/dimensions/registry";
import { ROLLUPS, spendSource } from "./rollups";

describe("spendSource", () => {
  it("reads the narrowest rollup that holds every grouped and filtered dimension", () => {
    expect(spendSource([])).toBe("event_rollup_daily_core");
    expect(spendSource(["team", "model", "cost_source"])).toBe("event_rollup_daily_core");
    expect(spendSource(["repo"])).toBe("event_rollup_daily_repo_tool");
    expect(spendSource(["tool", "team"])).toBe("event_rollup_daily_repo_tool");
    expect(spendSource(["customer"])).toBe("event_rollup_daily");
    expect(spendSource(["repo", "user"])).toBe("event_rollup_daily");
    expect(spendSource(["prompt_version"])).toBe("event_rollup_daily");
  });

  it("falls back to the raw events for dimensions no rollup holds", () => {
    for (const d of ["branch", "pr", "session", "trace"] as const) {
      expect(spendSource([d])).toBe("events");
      expect(spendSource(["team", d])).toBe("events");
    }
  });

  it("lists rollups narrowest first, each holding every dimension of the ones before it", () => {
    for (let i = 1; i < ROLLUPS.length; i++) {
      const [narrow, wide] = [ROLLUPS[i - 1]?.dims ?? [], ROLLUPS[i]?.dims ?? []];
      expect(narrow.every((d) => (wide as readonly string[]).includes(d))).toBe(true);
      expect(wide.length).toBeGreaterThan(narrow.length);
    }
    // The widest holds every dimension but the four whose cardinality approaches the event count.
    const widest: readonly string[] = ROLLUPS[ROLLUPS.length - 1]?.dims ?? [];
    expect(STORED_DIMENSIONS.filter((d) => !widest.includes(d))).toEqual(["branch", "pr", "session", "trace"]);
  });
});
