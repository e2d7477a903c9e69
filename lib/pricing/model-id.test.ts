import { describe, expect, test } from "vitest";
import { baseModelId, normalizeModelId, toCatalogProviderId } from "./model-id";

describe("normalizeModelId", () => {
  test("lowercases, trims and drops a context-window suffix", () => {
    expect(normalizeModelId("  Claude-Opus-4-6[1m] ")).toBe("claude-opus-4-6");
    expect(baseModelId("claude-opus-4-6[1M]")).toBe("claude-opus-4-6");
  });

  test("strips a provider prefix, including Gemini's models/", () => {
    expect(normalizeModelId("anthropic/claude-sonnet-4-5")).toBe("claude-sonnet-4-5");
    expect(normalizeModelId("bedrock/anthropic.claude-haiku-4-5-20251001-v1:0")).toBe("anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(normalizeModelId("models/gemini-2.5-pro")).toBe("gemini-2.5-pro");
  });

  test("keeps a namespace that is not a provider", () => {
    expect(normalizeModelId("meta-llama/Llama-3.3-70B-Instruct-Turbo")).toBe("meta-llama/llama-3.3-70b-instruct-turbo");
    expect(baseModelId("anthropic/claude-sonnet-4.5")).toBe("anthropic/claude-sonnet-4.5");
  });
});

test("toCatalogProviderId maps our names to genai-prices ids and passes others through", () => {
  expect(["google", "gemini", "vertex_ai", "gcp.vertex_ai"].map(toCatalogProviderId)).toEqual(["google", "google", "google", "google"]);
  expect(["bedrock", "aws.bedrock", "amazon-bedrock"].map(toCatalogProviderId)).toEqual(["aws", "aws", "aws"]);
  expect(["xai", "x_ai", "azure.ai.openai", "mistral_ai", "together_ai"].map(toCatalogProviderId)).toEqual([
    "x-ai",
    "x-ai",
    "azure",
    "mistral",
    "together",
  ]);
  expect(toCatalogProviderId(" OpenAI ")).toBe("openai");
  expect(toCatalogProviderId("cerebras")).toBe("cerebras");
});
