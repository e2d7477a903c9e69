import Big from "big.js";
import { expect, it } from "vitest";
import { costRow as anthropicCost, usageRow as anthropicUsage } from "./anthropic/rows";
import { lineItemModel, costRow as openAiCost, usageRow as openAiUsage } from "./openai/rows";

// The specs' fixtures (specs/anthropic-admin-api.md §5a/5b, specs/openai-usage-api.md §6a/6b).
it("Anthropic usage in our convention: input counts uncached, cache reads and both cache-write lifetimes", () => {
  const row = anthropicUsage("2026-08-20T00:00:00Z", {
    uncached_input_tokens: 1250000,
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 600000 },
    cache_read_input_tokens: 4800000,
    output_tokens: 210000,
    server_tool_use: { web_search_requests: 37 },
    api_key_id: null,
    workspace_id: "wrkspc_01HqV3nB7xKpZ2mD4tR8sW6y",
    model: "claude-sonnet-4-5-20250929",
    service_tier: null,
    context_window: null,
  });
  expect(row).toMatchObject({ inputTokens: 6650000, cacheReadTokens: 4800000, cacheWriteTokens: 600000, outputTokens: 210000, apiKey: "" });
  expect(
    anthropicUsage("2026-08-20T00:00:00Z", { uncached_input_tokens: 90500, cache_creation: { ephemeral_1h_input_tokens: 12000 } }),
  ).toMatchObject({
    inputTokens: 102500,
    cacheWriteTokens: 12000,
    project: "",
    model: "",
  });
});

it("Anthropic costs are cents as decimal strings: the fixture's day is $10.96; fractional cents are kept", () => {
  const items = [
    ["375.00", "claude-sonnet-4-5-20250929", "uncached_input_tokens"],
    ["144.00", "claude-sonnet-4-5-20250929", "cache_read_input_tokens"],
    ["225.00", "claude-sonnet-4-5-20250929", "cache_creation.ephemeral_5m_input_tokens"],
    ["315.00", "claude-sonnet-4-5-20250929", "output_tokens"],
    ["37.00", null, null],
  ].map(([amount, model, token_type]) =>
    anthropicCost("2026-08-20T00:00:00Z", {
      currency: "USD",
      amount,
      workspace_id: "wrkspc_1",
      model,
      token_type,
      cost_type: model ? "tokens" : "web_search",
    }),
  );
  expect(items.reduce((s, r) => s.plus(r?.costUsd ?? "0"), new Big(0)).toFixed(2)).toBe("10.96");
  expect(new Set(items.map((r) => r?.lineItem)).size).toBe(5);
  expect(items[4]).toMatchObject({ model: "", day: "2026-08-20" });
  expect(anthropicCost("2026-08-20T00:00:00Z", { currency: "USD", amount: "123.78912" })?.costUsd).toBe("1.2378912");
});

it("OpenAI: input already includes cache; amounts as numbers or strings, in dollars; the model a line item names", () => {
  expect(
    openAiUsage(1787011200, {
      input_tokens: 1843200,
      input_cached_tokens: 1210880,
      input_cache_write_tokens: 0,
      output_tokens: 96410,
      num_model_requests: 412,
      project_id: "proj_4hX2cT9vQe1LmZ",
      api_key_id: null,
      model: "gpt-4.1-mini-2025-04-14",
      api_source: "unlabeled",
    }),
  ).toMatchObject({ inputTokens: 1843200, cacheReadTokens: 1210880, cacheWriteTokens: 0, requests: 412, apiKey: "" });
  // Older responses have no cache-write field.
  expect(openAiUsage(1787011200, { input_tokens: 52000, output_tokens: 8800, num_model_requests: 13 })).toMatchObject({
    cacheWriteTokens: 0,
  });
  const number = openAiCost(1787184000, {
    amount: { value: 1.8736, currency: "usd" },
    line_item: "gpt-4.1-mini-2025-04-14, input",
    project_id: "p",
  });
  const string = openAiCost(1787184000, {
    amount: { value: "0.62", currency: "usd" },
    line_item: "Web search tool calls",
    project_id: "p",
  });
  expect(number).toMatchObject({ costUsd: "1.8736", model: "gpt-4.1-mini-2025-04-14", day: "2026-08-20" });
  expect(string).toMatchObject({ costUsd: "0.62", model: "" });
  expect(lineItemModel("gpt-4o-mini, cached input")).toBe("gpt-4o-mini");
  expect(lineItemModel("Image models")).toBe("");
  expect(() => openAiCost(1787184000, { amount: { value: "1", currency: "eur" } })).toThrow(/only USD/);
});

it("a count of the wrong type fails naming the field (absent is 0), never a silent 0", () => {
  const base = { cache_creation: {}, output_tokens: 1 };
  expect(anthropicUsage("2026-08-20T00:00:00Z", { ...base, uncached_input_tokens: null }).inputTokens).toBe(0);
  expect(() => anthropicUsage("2026-08-20T00:00:00Z", { ...base, uncached_input_tokens: "12" })).toThrow(
    'uncached_input_tokens: expected a count, received "12"',
  );
  expect(() => openAiUsage(1787184000, { input_tokens: -5 })).toThrow("input_tokens: expected a count");
});
