import { describe, expect, it } from "vitest";
import { type DayStats, detectAnomaly } from "./anomaly-rules";
import { retryDelaySeconds, slackPayload } from "./payload";

const RULES = { factor: 3, floorUsd: 10 };

/** A day of `requests` calls at `costPerRequest`, 2,000 input tokens each (half from cache) and 500 output. */
function day(requests: number, costPerRequest: number, over: Partial<DayStats> = {}): DayStats {
  const cost = (requests * costPerRequest).toFixed(4);
  return {
    costUsd: cost,
    requests,
    errors: 0,
    inputTokens: requests * 2000,
    outputTokens: requests * 500,
    cacheReadTokens: requests * 1000,
    models: { "gpt-4.1": cost },
    ...over,
  };
}
const week = (d: DayStats) => Array.from({ length: 7 }, () => d);

describe("detectAnomaly", () => {
  it("a quiet, steady series raises nothing, even with daily noise", () => {
    const trailing = [200, 210, 190, 205, 195, 200, 198].map((n) => day(n, 0.1));
    for (const today of [day(200, 0.1), day(260, 0.1), day(590, 0.1)]) expect(detectAnomaly(today, trailing, RULES)).toBeNull();
  });

  it("over 3× the mean but under the floor is noise, not an anomaly", () => {
    expect(detectAnomaly(day(90, 0.1), week(day(10, 0.1)), RULES)).toBeNull(); // $9 vs $1/day
  });

  it("exactly 3× the mean is not over 3×", () => {
    expect(detectAnomaly(day(300, 0.1), week(day(100, 0.1)), RULES)).toBeNull(); // $30 vs $10/day
    expect(detectAnomaly(day(301, 0.1), week(day(100, 0.1)), RULES)).not.toBeNull();
  });

  it("a request count jump", () => {
    const a = detectAnomaly(day(1000, 0.1), week(day(100, 0.1)), RULES);
    expect(a).toMatchObject({ todayUsd: "100.0000000000", meanUsd: "10.0000000000", ratio: 10 });
    expect(a?.causes.map((c) => c.code)).toEqual(["request_count_jump"]);
  });

  it("a tokens-per-request jump (same number of calls, much longer prompts)", () => {
    const today = day(100, 0.5, { inputTokens: 100 * 12_000, cacheReadTokens: 100 * 6000 });
    expect(detectAnomaly(today, week(day(100, 0.1)), RULES)?.causes[0]?.code).toBe("tokens_per_request_jump");
  });

  it("a cache hit rate drop", () => {
    const today = day(100, 0.4, { cacheReadTokens: 0 });
    expect(detectAnomaly(today, week(day(100, 0.1)), RULES)?.causes.map((c) => c.code)).toEqual(["cache_hit_drop"]);
  });

  it("a new model", () => {
    const today = day(100, 0.5, { models: { "gpt-4.1": "10", "o3-pro": "40" } });
    const a = detectAnomaly(today, week(day(100, 0.1)), RULES);
    expect(a?.causes[0]?.code).toBe("new_model");
    expect(a?.causes[0]?.description).toContain("o3-pro");
  });

  it("a retry storm of errors", () => {
    const today = day(500, 0.1, { errors: 300 });
    const a = detectAnomaly(today, week(day(100, 0.1, { errors: 1 })), RULES);
    expect(a?.causes[0]?.code).toBe("retry_storm");
    expect(a?.causes.map((c) => c.code)).toContain("request_count_jump");
  });

  it("spend where there was none: ratio null, still an anomaly over the floor", () => {
    const a = detectAnomaly(day(200, 0.1), [], RULES);
    expect(a?.ratio).toBeNull();
    expect(a?.meanUsd).toBe("0.0000000000");
  });
});

describe("webhook payload and backoff", () => {
  it("Slack's text plus the structured fields", () => {
    const body = slackPayload({
      id: "a1",
      kind: "budget",
      message: "Budget reached 80 %",
      details: { budget: "Platform", percent: 81.2, spend: "406", period: { kind: "month", start: "2026-11-01" }, link: "http://x/alerts" },
    });
    expect(body).toEqual({
      text: "Budget reached 80 % <http://x/alerts|Open in Burnrate>",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "Budget reached 80 %" } },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "open_in_burnrate",
              text: { type: "plain_text", text: "Open in Burnrate" },
              url: "http://x/alerts",
            },
          ],
        },
      ],
      kind: "budget",
      alert_id: "a1",
      budget: "Platform",
      percent: 81.2,
      spend: "406",
      period: { kind: "month", start: "2026-11-01" },
      link: "http://x/alerts",
    });
  });

  it("doubles the delay after each failure, capped at an hour", () => {
    expect([1, 2, 3, 4, 10, 30].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 60, 120, 240, 3600, 3600]);
  });
});
