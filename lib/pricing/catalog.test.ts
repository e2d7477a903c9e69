import { calcPrice, waitForUpdate } from "@pydantic/genai-prices";
import { expect, test } from "vitest";
import { catalogPrice } from "./catalog";
import type { Tokens } from "./tokens";

// The fast path resolves a model once and prices it through a one-model provider with only the price keys
// our usage can reach. Plain genai-prices is the oracle: for every bundled model the totals must be identical.
test("the memoised fast path prices every bundled model exactly as plain calcPrice does", async () => {
  const providers = (await waitForUpdate()) ?? [];
  const usages: Tokens[] = [
    { inputTokens: 12_345, outputTokens: 678, cacheReadTokens: 2_345, cacheWriteTokens: 1_000, reasoningTokens: 300 },
    { inputTokens: 250_000, outputTokens: 4_000, cacheReadTokens: 100_000, cacheWriteTokens: 0, reasoningTokens: 0 },
  ];
  // Before and after many dated changes; 03:00 and 12:00 UTC fall in DeepSeek's off-peak and peak windows.
  const times = ["2025-03-01T03:00:00Z", "2026-08-20T12:00:00Z"].map((iso) => new Date(iso));
  let compared = 0;
  for (const provider of providers) {
    for (const model of provider.models) {
      for (const timestamp of times) {
        for (const t of usages) {
          const usage = {
            input_tokens: t.inputTokens,
            output_tokens: t.outputTokens,
            cache_read_tokens: t.cacheReadTokens,
            cache_write_tokens: t.cacheWriteTokens,
            output_reasoning_tokens: t.reasoningTokens,
          };
          let expected: number | null;
          try {
            expected = calcPrice(usage, model.id, { providerId: provider.id, timestamp })?.total_price ?? null;
          } catch {
            expected = null;
          }
          if (expected === null) continue;
          expect(catalogPrice(provider.id, model.id, timestamp, t), `${provider.id}/${model.id}`).toBe(expected);
          compared += 1;
        }
      }
    }
  }
  expect(compared).toBeGreaterThan(5_000);
});

// The exact integer path must agree with genai-prices' engine (its float total rounded to 10 decimals) for
// every bundled model, at dates around price changes, on usages with and without cache and reasoning.
test("the exact integer path agrees with the engine for every bundled model", async () => {
  const { catalogCostUsd } = await import("./catalog");
  const { usdFromFloat } = await import("@/lib/money");
  const providers = (await waitForUpdate()) ?? [];
  const usages: Tokens[] = [
    { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    { inputTokens: 12_345, outputTokens: 678, cacheReadTokens: 2_345, cacheWriteTokens: 1_000, reasoningTokens: 300 },
    { inputTokens: 999_999, outputTokens: 33_333, cacheReadTokens: 777_777, cacheWriteTokens: 11_111, reasoningTokens: 0 },
    { inputTokens: 3_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 3_000_000, reasoningTokens: 0 },
  ];
  const times = [
    "2024-06-01T00:00:00Z",
    "2025-06-09T23:59:59Z",
    "2025-06-10T00:00:00Z",
    "2026-03-13T00:00:00Z",
    "2026-11-01T12:00:00Z",
  ].map((iso) => new Date(iso));
  let compared = 0;
  for (const provider of providers) {
    for (const model of provider.models) {
      for (const timestamp of times) {
        for (const t of usages) {
          let expected: number | null;
          try {
            expected =
              calcPrice(
                {
                  input_tokens: t.inputTokens,
                  output_tokens: t.outputTokens,
                  cache_read_tokens: t.cacheReadTokens,
                  cache_write_tokens: t.cacheWriteTokens,
                  output_reasoning_tokens: t.reasoningTokens,
                },
                model.id,
                { providerId: provider.id, timestamp },
              )?.total_price ?? null;
          } catch {
            expected = null;
          }
          const actual = catalogCostUsd(provider.id, model.id, timestamp, t);
          if (expected === null) {
            expect(actual, `${provider.id}/${model.id}`).toBeNull();
            continue;
          }
          expect(actual, `${provider.id}/${model.id} at ${timestamp.toISOString()}`).toBe(usdFromFloat(expected));
          compared += 1;
        }
      }
    }
  }
  expect(compared).toBeGreaterThan(10_000);
});
