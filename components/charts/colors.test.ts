import { describe, expect, it } from "vitest";
import { NOT_SET_COLOR, OTHER_COLOR, PALETTE, preferredSlot, seriesColors } from "./colors";

const named = (...names: string[]) => names.map((name, i) => ({ key: `s${i}`, name }));
const byName = (names: string[], colors: Record<string, string>) => Object.fromEntries(names.map((n, i) => [n, colors[`s${i}`]]));

describe("seriesColors", () => {
  it("gives a series the same colour whatever its rank and whatever else is charted", () => {
    const a = byName(["gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini"], seriesColors(named("gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini")));
    const b = byName(["gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5"], seriesColors(named("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5")));
    expect(b).toEqual(a);
    // A series alone on a chart (another period, a filtered view) keeps its colour when it had its preferred slot.
    for (const name of ["gpt-4o", "claude-sonnet-4-5", "gpt-4o-mini"]) {
      expect(seriesColors(named(name)).s0).toBe(PALETTE[preferredSlot(name)]);
    }
  });

  it("does not depend on the position of a series, only on its name (not the first colour for the first series)", () => {
    const other = ["growth", "search", "billing"].find((n) => preferredSlot(n) !== preferredSlot("platform")) as string;
    const first = seriesColors(named("platform")).s0;
    const second = seriesColors(named(other, "platform")).s1;
    expect(second).toBe(first);
    expect(first).not.toBe(PALETTE[0]);
  });

  it("keeps the providers' own colours", () => {
    const c = seriesColors(named("anthropic", "openai", "google"));
    expect([c.s0, c.s1, c.s2]).toEqual([PALETTE[1], PALETTE[0], PALETTE[2]]);
  });

  it("settles two names that want one colour deterministically, so no two series of a chart share it", () => {
    const names = Array.from({ length: 200 }, (_, i) => `repo-${i}`);
    const clash = names.find((n) => n !== "repo-0" && preferredSlot(n) === preferredSlot("repo-0"));
    expect(clash).toBeDefined();
    const pair = ["repo-0", clash as string].sort();
    const one = byName(pair, seriesColors(named(...pair)));
    const other = byName([...pair].reverse(), seriesColors(named(...[...pair].reverse())));
    expect(one).toEqual(other);
    expect(one[pair[0] as string]).not.toBe(one[pair[1] as string]);
    // The name that sorts first keeps its preferred colour.
    expect(one[pair[0] as string]).toBe(PALETTE[preferredSlot("repo-0")]);
  });

  it("gives distinct colours up to the palette's size, then never the same colour to neighbours", () => {
    const few = seriesColors(named(...Array.from({ length: PALETTE.length }, (_, i) => `team-${i}`)));
    expect(new Set(Object.values(few)).size).toBe(PALETTE.length);
    const many = Array.from({ length: 40 }, (_, i) => `model-${i}`);
    const c = seriesColors(named(...many));
    for (let i = 1; i < many.length; i++) expect(c[`s${i}`]).not.toBe(c[`s${i - 1}`]);
  });

  it("draws Other and not-set buckets in their own grays, apart from the palette", () => {
    const c = seriesColors([
      { key: "s0", name: "gpt-4o" },
      { key: "s1", name: "", bucket: "not-set" },
      { key: "other", name: "Other", bucket: "other" },
    ]);
    expect(c.s1).toBe(NOT_SET_COLOR);
    expect(c.other).toBe(OTHER_COLOR);
    expect(PALETTE).not.toContain(c.s1);
    expect(PALETTE).not.toContain(c.other);
    expect(c.s0).toBe(PALETTE[preferredSlot("gpt-4o")]);
  });
});
