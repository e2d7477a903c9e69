import { describe, expect, onTestFinished, test, vi } from "vitest";
import type { PriceOverrideCard } from "./override-price";
import { type PriceInput, priceEvent } from "./price-event";
import type { Tokens } from "./tokens";

// Expected values are worked out by hand from the prices in @pydantic/genai-prices 0.1.8's bundled data
// (USD per million tokens), quoted beside each case.

const AUG_20 = new Date("2026-08-20T12:00:00Z");

function tokens(input: number, output: number, cacheRead = 0, cacheWrite = 0, reasoning = 0): Tokens {
  return { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: reasoning };
}

function price(provider: string, model: string, t: Tokens, timestamp: Date | string = AUG_20, overrides: PriceOverrideCard[] = []) {
  const input: PriceInput = { provider, model, timestamp: typeof timestamp === "string" ? new Date(timestamp) : timestamp, tokens: t };
  return priceEvent(input, overrides);
}

function card(fields: Partial<PriceOverrideCard> & Pick<PriceOverrideCard, "provider" | "model" | "effectiveFrom">): PriceOverrideCard {
  return { inputMtok: "1", outputMtok: "1", cacheReadMtok: null, cacheWriteMtok: null, ...fields };
}

const FIXTURE_TOKENS = tokens(10_000, 1_000, 6_000, 2_000);

describe("the price-data.md fixture (10k input incl. 6k cache read + 2k cache write, 1k output)", () => {
  test("as an override card: exactly 0.0303", () => {
    const sonnet = card({
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      effectiveFrom: "2026-01-01",
      inputMtok: "3",
      outputMtok: "15",
      cacheReadMtok: "0.3",
      cacheWriteMtok: "3.75",
    });
    // 2000 × 3 + 6000 × 0.3 + 2000 × 3.75 + 1000 × 15 = 30300 → / 1e6
    expect(price("anthropic", "claude-sonnet-4-5-20250929", FIXTURE_TOKENS, AUG_20, [sonnet])).toEqual({
      costUsd: "0.0303000000",
      source: "override",
    });
  });

  test("from the catalog, whose Sonnet 4.5 base prices are the same, without float noise", () => {
    expect(price("anthropic", "claude-sonnet-4-5-20250929", FIXTURE_TOKENS)).toEqual({ costUsd: "0.0303000000", source: "catalog" });
  });
});

describe("catalog prices", () => {
  test("cache reads and writes of Claude Haiku 4.5 (input 1, cache write 1.25, cache read 0.1, output 5)", () => {
    // 10000 × 1 + 30000 × 0.1 + 10000 × 1.25 + 2000 × 5 = 35500. An un-split cache write is priced at the
    // 5-minute rate (cache_write_mtok 1.25), not the 1-hour one (2) the model also has.
    expect(price("anthropic", "claude-haiku-4-5-20251001", tokens(50_000, 2_000, 30_000, 10_000))?.costUsd).toBe("0.0355000000");
  });

  test("cached input of GPT-4o (input 2.5, cache read 1.25, output 10)", () => {
    // 10000 × 2.5 + 2345 × 1.25 + 678 × 10 = 34711.25
    expect(price("openai", "gpt-4o-2024-08-06", tokens(12_345, 678, 2_345))).toEqual({ costUsd: "0.0347112500", source: "catalog" });
  });

  test("cache writes fall back to the input price when the model has no cache-write price (Gemini 2.5 Pro: 1.25 / 0.125 / 10)", () => {
    // (4000 − 1000 read) × 1.25 incl. 500 written + 1000 × 0.125 + 100 × 10 = 4875
    expect(price("google", "gemini-2.5-pro", tokens(4_000, 100, 1_000, 500))?.costUsd).toBe("0.0048750000");
  });

  test("zero tokens of a known model price to zero, not null", () => {
    expect(price("openai", "gpt-4o", tokens(0, 0))).toEqual({ costUsd: "0.0000000000", source: "catalog" });
  });
});

describe("long-context tiers (Claude Sonnet 4.5: above 200k input tokens 6 / 7.5 / 0.6 / 22.5 instead of 3 / 3.75 / 0.3 / 15)", () => {
  test("a request above the threshold pays the tier price for all its tokens", () => {
    // 150000 × 6 + 100000 × 0.6 + 2000 × 22.5 = 1005000
    expect(price("anthropic", "claude-sonnet-4-5", tokens(250_000, 2_000, 100_000))?.costUsd).toBe("1.0050000000");
  });

  test("the threshold counts all input, cache included, and is exclusive", () => {
    expect(price("anthropic", "claude-sonnet-4-5", tokens(200_000, 0, 150_000))?.costUsd).toBe("0.1950000000"); // 50000 × 3 + 150000 × 0.3
    expect(price("anthropic", "claude-sonnet-4-5", tokens(200_001, 0, 150_000))?.costUsd).toBe("0.3900060000"); // 50001 × 6 + 150000 × 0.6
  });

  test("pricing two requests separately differs from pricing their summed tokens", () => {
    const first = price("anthropic", "claude-sonnet-4-5", tokens(150_000, 1_000)); // 150000 × 3 + 1000 × 15
    const second = price("anthropic", "claude-sonnet-4-5", tokens(120_000, 1_000)); // 120000 × 3 + 1000 × 15
    const summed = price("anthropic", "claude-sonnet-4-5", tokens(270_000, 2_000)); // 270000 × 6 + 2000 × 22.5
    expect([first?.costUsd, second?.costUsd]).toEqual(["0.4650000000", "0.3750000000"]);
    expect(summed?.costUsd).toBe("1.6650000000");
  });
});

describe("dated catalog prices", () => {
  test("OpenAI o3 drops from 10 / 40 to 2 / 8 on 2025-06-10 (UTC); reasoning is part of output", () => {
    const t = tokens(1_000, 1_000, 0, 0, 800);
    expect(price("openai", "o3", t, "2025-06-09T23:59:59Z")?.costUsd).toBe("0.0500000000");
    expect(price("openai", "o3", t, "2025-06-10T00:00:00Z")?.costUsd).toBe("0.0100000000");
  });

  test("Claude Sonnet 4.6 loses its long-context tier on 2026-03-13", () => {
    expect(price("anthropic", "claude-sonnet-4-6", tokens(300_000, 0), "2026-03-12T23:59:59Z")?.costUsd).toBe("1.8000000000"); // × 6
    expect(price("anthropic", "claude-sonnet-4-6", tokens(300_000, 0), "2026-03-13T00:00:00Z")?.costUsd).toBe("0.9000000000"); // × 3
  });
});

describe("override cards", () => {
  // GPT-4o in the catalog: input 2.5, cache read 1.25, output 10 → 800 × 2.5 + 200 × 1.25 + 100 × 10 = 3250.
  const t = tokens(1_000, 100, 200);
  const CATALOG = { costUsd: "0.0032500000", source: "catalog" };
  const august = card({
    provider: "openai",
    model: "gpt-4o",
    effectiveFrom: "2026-08-01",
    inputMtok: "2",
    outputMtok: "8",
    cacheReadMtok: "1",
  });
  const AUGUST = { costUsd: "0.0026000000", source: "override" }; // 800 × 2 + 200 × 1 + 100 × 8
  const midAugust = card({ provider: "openai", model: "gpt-4o", effectiveFrom: "2026-08-15", inputMtok: "1", outputMtok: "4" });
  const MID_AUGUST = { costUsd: "0.0014000000", source: "override" }; // 1000 × 1 (no cache price: input's) + 100 × 4

  test("apply from their effective UTC date, not before", () => {
    expect(price("openai", "gpt-4o", t, "2026-07-31T23:59:59.999Z", [august])).toEqual(CATALOG);
    expect(price("openai", "gpt-4o", t, "2026-08-01T00:00:00Z", [august])).toEqual(AUGUST);
  });

  test("compare the event's UTC date, whatever offset the timestamp was written with or the server's zone", () => {
    vi.stubEnv("TZ", "Pacific/Kiritimati"); // UTC+14: a local date would already be 2026-08-01 for the first event
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    expect(new Date("2026-07-31T23:00:00Z").getDate()).toBe(1); // the zone took effect
    expect(price("openai", "gpt-4o", t, "2026-08-01T01:30:00+02:00", [august])).toEqual(CATALOG);
    expect(price("openai", "gpt-4o", t, "2026-07-31T23:00:00-02:00", [august])).toEqual(AUGUST);
  });

  test("the latest card on or before the event's date wins, in any order", () => {
    for (const cards of [
      [august, midAugust],
      [midAugust, august],
    ]) {
      expect(price("openai", "gpt-4o", t, "2026-08-14T23:59:59Z", cards)).toEqual(AUGUST);
      expect(price("openai", "gpt-4o", t, "2026-08-15T00:00:00Z", cards)).toEqual(MID_AUGUST);
      expect(price("openai", "gpt-4o", t, AUG_20, cards)).toEqual(MID_AUGUST);
    }
  });

  test("a missing cache-write price falls back to the input price", () => {
    const withWrites = card({
      provider: "openai",
      model: "gpt-4o",
      effectiveFrom: "2026-01-01",
      inputMtok: "2",
      outputMtok: "8",
      cacheReadMtok: "1",
    });
    // 500 × 2 + 200 × 1 + 300 × 2 + 100 × 8 = 2600
    expect(price("openai", "gpt-4o", tokens(1_000, 100, 200, 300), AUG_20, [withWrites])?.costUsd).toBe("0.0026000000");
  });

  test("price a model the catalog does not know", () => {
    const inHouse = card({
      provider: "acme",
      model: "acme-llm-1",
      effectiveFrom: "2026-01-01",
      inputMtok: "0.123456789",
      outputMtok: "1.5",
    });
    expect(price("acme", "acme-llm-1", tokens(1_000, 100))).toBeNull();
    // 1000 × 0.123456789 + 100 × 1.5 = 273.456789 → 0.000273456789
    expect(price("acme", "acme-llm-1", tokens(1_000, 100), AUG_20, [inHouse])).toEqual({ costUsd: "0.0002734568", source: "override" });
  });

  test("apply to their own provider and model only", () => {
    const azure = card({ provider: "azure", model: "gpt-4o", effectiveFrom: "2026-01-01" });
    const mini = card({ provider: "openai", model: "gpt-4o-mini", effectiveFrom: "2026-01-01" });
    expect(price("openai", "gpt-4o", t, AUG_20, [azure, mini])).toEqual(CATALOG);
  });

  test("match model ids case-insensitively, without provider prefix or [1m] suffix", () => {
    const prefixed = card({
      provider: "anthropic",
      model: "anthropic/Claude-Opus-4-6",
      effectiveFrom: "2026-01-01",
      inputMtok: "1",
      outputMtok: "2",
    });
    expect(price("anthropic", " claude-opus-4-6[1m] ", tokens(1_000, 1_000), AUG_20, [prefixed])).toEqual({
      costUsd: "0.0030000000",
      source: "override",
    });
  });
});

describe("pattern cards", () => {
  const ft = card({ provider: "openai", model: "ft:gpt-4.1-mini:*", effectiveFrom: "2026-01-01", inputMtok: "0.8", outputMtok: "3.2" });
  const acme = card({ provider: "openai", model: "ft:gpt-4.1-mini:acme:*", effectiveFrom: "2026-06-01", inputMtok: "1", outputMtok: "4" });
  const t = tokens(1_000, 100);

  test("price every model the pattern matches, whole id, case-insensitively", () => {
    // 1000 × 0.8 + 100 × 3.2 = 1120
    expect(price("openai", "FT:gpt-4.1-mini:acme:triage-v3:abc123", t, AUG_20, [ft])).toEqual({
      costUsd: "0.0011200000",
      source: "override",
    });
    expect(price("openai", "ft:gpt-4.1-mini-2025:acme:x", t, AUG_20, [ft])).toBeNull();
    expect(price("openai", "xft:gpt-4.1-mini:acme", t, AUG_20, [ft])).toBeNull();
    // A dot is a dot, not any character.
    expect(price("openai", "ft:gpt-4x1-mini:acme", t, AUG_20, [ft])).toBeNull();
  });

  test("the most specific pattern wins once effective; an exact card beats any pattern", () => {
    const id = "ft:gpt-4.1-mini:acme:triage-v3";
    expect(price("openai", id, t, "2026-05-31T12:00:00Z", [acme, ft])?.costUsd).toBe("0.0011200000");
    expect(price("openai", id, t, AUG_20, [ft, acme])?.costUsd).toBe("0.0014000000");
    const exact = card({ provider: "openai", model: id, effectiveFrom: "2026-01-01", inputMtok: "2", outputMtok: "2" });
    expect(price("openai", id, t, AUG_20, [ft, acme, exact])?.costUsd).toBe("0.0022000000");
    expect(price("azure", id, t, AUG_20, [ft, acme])).toBeNull();
  });
});

describe("catalog cards (a catalog price × a multiplier)", () => {
  const t = tokens(10_000, 1_000);
  // gpt-4.1-mini in the catalog: 10,000 × 0.4 + 1,000 × 1.6 = 5,600 µ$.
  test("price a fine-tune as its base model's catalog price, times the multiplier, at the event's own date", () => {
    const twice = card({
      provider: "openai",
      model: "ft:gpt-4.1-mini:*",
      effectiveFrom: "2026-01-01",
      inputMtok: null,
      outputMtok: null,
      asModel: "gpt-4.1-mini",
      multiplier: "2",
    });
    expect(price("openai", "ft:gpt-4.1-mini:acme:x", t, AUG_20, [twice])).toEqual({ costUsd: "0.0112000000", source: "override" });
    expect(price("openai", "ft:gpt-4.1-mini:acme:x", t, "2025-12-31T23:00:00Z", [twice])).toBeNull();
    // A base the catalog does not know leaves the event unpriced rather than guessing.
    const unknown = { ...twice, asModel: "no-such-model" };
    expect(price("openai", "ft:gpt-4.1-mini:acme:x", t, AUG_20, [unknown])).toBeNull();
  });

  test("a negotiated discount on every model of a provider; an exact card still wins", () => {
    const off = card({ provider: "openai", model: "*", effectiveFrom: "2026-08-01", inputMtok: null, outputMtok: null, multiplier: "0.8" });
    expect(price("openai", "gpt-4.1-mini", t, AUG_20, [off])).toEqual({ costUsd: "0.0044800000", source: "override" });
    expect(price("openai", "gpt-4.1-mini", t, "2026-07-31T12:00:00Z", [off])).toEqual({ costUsd: "0.0056000000", source: "catalog" });
    expect(price("anthropic", "claude-sonnet-4-5", t, AUG_20, [off])?.source).toBe("catalog");
    const exact = card({ provider: "openai", model: "gpt-4.1-mini", effectiveFrom: "2026-01-01", inputMtok: "1", outputMtok: "1" });
    expect(price("openai", "gpt-4.1-mini", t, AUG_20, [off, exact])?.costUsd).toBe("0.0110000000");
  });
});

describe("model and provider names", () => {
  const haiku = tokens(50_000, 2_000, 30_000, 10_000); // 0.0355 at Claude Haiku 4.5's prices, see above

  test("a leading provider prefix, case, whitespace and a [1m] suffix are ignored", () => {
    expect(price("anthropic", "anthropic/claude-haiku-4-5", haiku)?.costUsd).toBe("0.0355000000");
    expect(price("anthropic", "  Claude-Haiku-4-5[1m] ", haiku)?.costUsd).toBe("0.0355000000");
    expect(price("google", "models/gemini-2.5-pro", tokens(4_000, 100, 1_000, 500))?.costUsd).toBe("0.0048750000");
  });

  test("OpenRouter keeps the namespace, which is part of its model ids", () => {
    // OpenRouter's anthropic/claude-sonnet-4.5: 3 / 3.75 / 0.3 / 15, as in the fixture
    expect(price("openrouter", "anthropic/claude-sonnet-4.5", FIXTURE_TOKENS)?.costUsd).toBe("0.0303000000");
  });

  test("provider aliases reach the catalog's provider", () => {
    const gemini = tokens(4_000, 100, 1_000, 500);
    for (const provider of ["gemini", "vertex_ai", "gcp.gemini"])
      expect(price(provider, "gemini-2.5-pro", gemini)?.costUsd).toBe("0.0048750000");
    // grok-3: input 3, cache read 0.75, output 15 → 600 × 3 + 400 × 0.75 + 100 × 15 = 3600
    for (const provider of ["xai", "x_ai", "x-ai"])
      expect(price(provider, "grok-3", tokens(1_000, 100, 400))?.costUsd).toBe("0.0036000000");
    // Bedrock regional Haiku 4.5: 1.1 / 1.375 / 0.11 / 5.5 → 11000 + 13750 + 3300 + 11000 = 39050
    for (const provider of ["bedrock", "aws", "aws.bedrock"])
      expect(price(provider, "us.anthropic.claude-haiku-4-5-20251001-v1:0", haiku)?.costUsd).toBe("0.0390500000");
  });

  test("an unknown model or provider is unpriced (null)", () => {
    expect(price("openai", "gpt-does-not-exist", tokens(1, 1))).toBeNull();
    expect(price("no-such-provider", "gpt-4o", tokens(1, 1))).toBeNull();
  });
});

describe("never throws", () => {
  test("usage genai-prices rejects is unpriced", () => {
    expect(price("openai", "gpt-4o", tokens(100, 10, 200))).toBeNull();
    expect(price("openai", "gpt-4o", tokens(-1, 10))).toBeNull();
  });

  test("an invalid timestamp is unpriced", () => {
    expect(price("openai", "gpt-4o", tokens(100, 10), new Date(Number.NaN))).toBeNull();
  });
});

describe("rounding to 10 decimal places", () => {
  test("is half-even at the 10th digit", () => {
    const at = (inputMtok: string) =>
      price("acme", "m", tokens(1, 0), AUG_20, [card({ provider: "acme", model: "m", effectiveFrom: "2026-01-01", inputMtok })])?.costUsd;
    expect(at("0.00015")).toBe("0.0000000002"); // 1.5e-10 → up to even
    expect(at("0.00025")).toBe("0.0000000002"); // 2.5e-10 → down to even
    expect(at("0.00035")).toBe("0.0000000004");
    expect(at("0.000249")).toBe("0.0000000002");
    expect(at("0.000251")).toBe("0.0000000003");
  });
});
