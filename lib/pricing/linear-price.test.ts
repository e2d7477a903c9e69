import { describe, expect, it } from "vitest";
import { linearAt, linearCostUsd, toDatedLinear, toLinearPrice } from "./linear-price";

const tokens = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
  reasoningTokens: 0,
});

describe("linear prices", () => {
  it("prices exactly where floats drift: 3 tokens at $0.1/MTok three times is 9e-7, not 8.999…e-7", () => {
    const p = toLinearPrice({ input_mtok: 0.1, output_mtok: 0.3 });
    expect(p).toEqual({ input: 100_000, output: 300_000 });
    expect(linearCostUsd(p!, tokens(3, 2))).toBe("0.0000009000");
  });

  it("carves priced cache units out of input and charges unpriced ones at the input price", () => {
    const withCache = toLinearPrice({ input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 })!;
    // The price-data.md fixture: 2000 × 3 + 6000 × 0.3 + 2000 × 3.75 + 1000 × 15, per million.
    expect(linearCostUsd(withCache, tokens(10_000, 1_000, 6_000, 2_000))).toBe("0.0303000000");
    const noWritePrice = toLinearPrice({ input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3 })!;
    // 4000 uncached + 2000 unpriced writes at 3, 6000 reads at 0.3, 1000 output at 15: 0.012 + 0.0018 + 0.015.
    expect(linearCostUsd(noWritePrice, tokens(10_000, 1_000, 6_000, 2_000))).toBe("0.0288000000");
  });

  it("rounds half to even at the 10th decimal and switches to BigInt past 2^53", () => {
    const p = toLinearPrice({ input_mtok: 0.000005 })!; // 5 × 10^-12 USD per token
    expect(linearCostUsd(p, tokens(10, 0))).toBe("0.0000000000"); // 0.5 × 10^-10 → even 0
    expect(linearCostUsd(p, tokens(30, 0))).toBe("0.0000000002"); // 1.5 × 10^-10 → even 2
    expect(linearCostUsd(p, tokens(50, 0))).toBe("0.0000000002"); // 2.5 × 10^-10 → even 2
    expect(linearCostUsd(p, tokens(51, 0))).toBe("0.0000000003"); // 2.55 × 10^-10 → up
    const opus = toLinearPrice({ input_mtok: 15, output_mtok: 75 })!;
    // 2e9 × 75 × 10^6 overflows 2^53: the BigInt branch must still be exact.
    expect(linearCostUsd(opus, tokens(2_000_000_001, 2_000_000_000))).toBe("180000.0000150000");
  });

  it("refuses what it cannot price exactly, leaving it to the engine", () => {
    expect(toLinearPrice({ input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] }, output_mtok: 15 })).toBeNull();
    expect(toLinearPrice({ input_mtok: 1, requests_kcount: 5 })).toBeNull();
    expect(toLinearPrice({ input_mtok: 0.0000001 })).toBeNull();
    expect(
      toDatedLinear([
        { prices: { input_mtok: 1 } },
        { constraint: { type: "time_of_date", start_time: "00:30:00", end_time: "16:30:00" }, prices: { input_mtok: 2 } },
      ]),
    ).toBeNull();
  });

  it("selects the dated entry like genai-prices: the last entry whose start date has passed", () => {
    const dated = toDatedLinear([
      { prices: { input_mtok: 10 } },
      { constraint: { type: "start_date", start_date: "2025-06-10" }, prices: { input_mtok: 2 } },
    ])!;
    expect(linearAt(dated, Date.parse("2025-06-09T23:59:59.999Z"))).toEqual({ input: 10_000_000 });
    expect(linearAt(dated, Date.parse("2025-06-10T00:00:00Z"))).toEqual({ input: 2_000_000 });
  });
});
