import { describe, expect, test } from "vitest";
import { fromAnthropic, fromAnthropicUsageReport, fromClaudeCodeOtel, fromGenAiSpan, fromOpenAIChat, fromOpenAIUsage } from "./tokens";

describe("fromAnthropic", () => {
  test("adds cache reads and writes to Anthropic's uncached input", () => {
    expect(
      fromAnthropic({ input_tokens: 412, output_tokens: 958, cache_read_input_tokens: 48210, cache_creation_input_tokens: 3150 }),
    ).toEqual({
      inputTokens: 51772,
      outputTokens: 958,
      cacheReadTokens: 48210,
      cacheWriteTokens: 3150,
      reasoningTokens: 0,
    });
  });

  test("treats absent and null cache counts as 0", () => {
    expect(fromAnthropic({ input_tokens: 10, output_tokens: 2, cache_read_input_tokens: null })).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe("fromAnthropicUsageReport", () => {
  test("sums uncached, cache read and both cache-write TTLs (spec example row 1)", () => {
    const row = {
      uncached_input_tokens: 1250000,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 600000 },
      cache_read_input_tokens: 4800000,
      output_tokens: 210000,
      model: "claude-sonnet-4-5-20250929",
    };
    expect(fromAnthropicUsageReport(row)).toEqual({
      inputTokens: 6650000,
      outputTokens: 210000,
      cacheReadTokens: 4800000,
      cacheWriteTokens: 600000,
      reasoningTokens: 0,
    });
  });

  test("counts 1-hour cache writes (spec example row 2)", () => {
    const row = {
      uncached_input_tokens: 90500,
      cache_creation: { ephemeral_1h_input_tokens: 12000, ephemeral_5m_input_tokens: 0 },
      cache_read_input_tokens: 0,
      output_tokens: 15400,
    };
    expect(fromAnthropicUsageReport(row)).toEqual({
      inputTokens: 102500,
      outputTokens: 15400,
      cacheReadTokens: 0,
      cacheWriteTokens: 12000,
      reasoningTokens: 0,
    });
  });

  test("ignores the Messages API field name, which the report does not have", () => {
    const row = { uncached_input_tokens: 100, cache_creation_input_tokens: 999, output_tokens: 1 } as Parameters<
      typeof fromAnthropicUsageReport
    >[0];
    expect(fromAnthropicUsageReport(row).inputTokens).toBe(100);
  });
});

describe("fromOpenAIUsage", () => {
  test("keeps input_tokens as the total and reads cached and cache-write parts", () => {
    const result = {
      object: "organization.usage.completions.result",
      input_tokens: 1000,
      input_cached_tokens: 400,
      input_cache_write_tokens: 100,
      input_uncached_tokens: 500,
      output_tokens: 250,
      num_model_requests: 3,
    };
    expect(fromOpenAIUsage(result)).toEqual({
      inputTokens: 1000,
      outputTokens: 250,
      cacheReadTokens: 400,
      cacheWriteTokens: 100,
      reasoningTokens: 0,
    });
  });

  test("reads an older result without the cache-write field", () => {
    expect(fromOpenAIUsage({ input_tokens: 52000, input_cached_tokens: 0, output_tokens: 8800 })).toEqual({
      inputTokens: 52000,
      outputTokens: 8800,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe("fromOpenAIChat", () => {
  test("reads a Chat Completions usage object", () => {
    const usage = {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 192, audio_tokens: 0 },
    };
    expect(fromOpenAIChat(usage)).toEqual({
      inputTokens: 2006,
      outputTokens: 300,
      cacheReadTokens: 1920,
      cacheWriteTokens: 0,
      reasoningTokens: 192,
    });
  });

  test("reads a Responses API usage object", () => {
    const usage = {
      input_tokens: 328,
      input_tokens_details: { cached_tokens: 128 },
      output_tokens: 52,
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 380,
    };
    expect(fromOpenAIChat(usage)).toEqual({
      inputTokens: 328,
      outputTokens: 52,
      cacheReadTokens: 128,
      cacheWriteTokens: 0,
      reasoningTokens: 40,
    });
  });

  test("treats missing details as 0", () => {
    expect(fromOpenAIChat({ prompt_tokens: 9, completion_tokens: 1, prompt_tokens_details: null })).toEqual({
      inputTokens: 9,
      outputTokens: 1,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe("fromClaudeCodeOtel", () => {
  const expected = { inputTokens: 51772, outputTokens: 958, cacheReadTokens: 48210, cacheWriteTokens: 3150, reasoningTokens: 0 };

  test("adds cache tokens to input, with counts as strings, ints and doubles mixed", () => {
    expect(
      fromClaudeCodeOtel({ input_tokens: "412", output_tokens: 958, cache_read_tokens: 48210.0, cache_creation_tokens: "3150" }),
    ).toEqual(expected);
  });

  test("accepts OTLP JSON AnyValue wrappers as in the spec fixture", () => {
    const attrs = {
      model: { stringValue: "claude-sonnet-4-5-20250929" },
      input_tokens: { intValue: "412" },
      output_tokens: { intValue: 958 },
      cache_read_tokens: { doubleValue: 48210 },
      cache_creation_tokens: { stringValue: "3150" },
    };
    expect(fromClaudeCodeOtel(attrs)).toEqual(expected);
  });

  test("accepts bigint counts and treats absent ones as 0", () => {
    expect(fromClaudeCodeOtel({ input_tokens: 5n, output_tokens: 7n })).toEqual({
      inputTokens: 5,
      outputTokens: 7,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe("fromGenAiSpan", () => {
  test("keeps gen_ai.usage.input_tokens as the total and reads cache and reasoning parts", () => {
    const attrs = {
      "gen_ai.provider.name": "anthropic",
      "gen_ai.usage.input_tokens": 51772,
      "gen_ai.usage.output_tokens": "958",
      "gen_ai.usage.cache_read.input_tokens": 48210,
      "gen_ai.usage.cache_creation.input_tokens": 3150,
      "gen_ai.usage.reasoning.output_tokens": 100,
    };
    expect(fromGenAiSpan(attrs)).toEqual({
      inputTokens: 51772,
      outputTokens: 958,
      cacheReadTokens: 48210,
      cacheWriteTokens: 3150,
      reasoningTokens: 100,
    });
  });

  test("falls back to the deprecated prompt/completion names", () => {
    expect(fromGenAiSpan({ "gen_ai.usage.prompt_tokens": 30, "gen_ai.usage.completion_tokens": 4 })).toEqual({
      inputTokens: 30,
      outputTokens: 4,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});
