import { describe, expect, it } from "vitest";
import { downloadFilename, parseExportQuery } from "./schemas";

describe("the Export screen's file names", () => {
  it("keep the API's name for the plain daily CSV and name the other three by format and granularity", () => {
    const name = (q: string) => downloadFilename(parseExportQuery(new URLSearchParams(q)));
    expect(name("month=2026-11&format=csv")).toBe("burnrate-2026-11.csv");
    expect(name("month=2026-11&format=csv&granularity=event")).toBe("burnrate-2026-11-events.csv");
    expect(name("month=2026-11&format=focus")).toBe("burnrate-2026-11-focus.csv");
    expect(name("month=2026-11&format=focus&granularity=event")).toBe("burnrate-2026-11-focus-events.csv");
  });
});
