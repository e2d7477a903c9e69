import { describe, expect, it } from "vitest";
import { requestReasons, sessionReasons } from "./reasons";

const session = { peers: 20, requests: 5, durationMs: 60_000, loopCalls: 0, errors: 0, uncachedLargeCalls: 0 };

describe("review reasons read as a person would say them", () => {
  it("gives the multiple of the median up to 100× and caps it in words beyond", () => {
    expect(sessionReasons({ ...session, listCostUsd: "4.8", medianListCostUsd: "0.1" })[0]).toMatch(/^48× the median session/);
    expect(sessionReasons({ ...session, listCostUsd: "0.75", medianListCostUsd: "0.1" })[0]).toMatch(/^7\.5× the median session/);
    expect(sessionReasons({ ...session, listCostUsd: "10", medianListCostUsd: "0.1" })[0]).toMatch(/^100× the median session/);
    expect(sessionReasons({ ...session, listCostUsd: "175.4", medianListCostUsd: "0.1" })[0]).toMatch(/^over 100× the median session/);
    const request = requestReasons({
      model: "gpt-4.1",
      feature: "chat",
      listCostUsd: "17.54",
      medianListCostUsd: "0.01",
      peers: 30,
      inputTokens: 10,
      outputTokens: 10,
      cacheReadTokens: 0,
      status: "ok",
      similarCalls: 0,
      loopCalls: 0,
      sessionErrors: 0,
    });
    expect(request).toEqual(["over 100× the median cost of gpt-4.1 calls for chat this week ($0.0100)"]);
  });
});
