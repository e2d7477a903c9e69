import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import fixtures from "@/scripts/test/gateway-fixtures/litellm-1abc.json" with { type: "json" };
import { isLegacyV1, litellmEvent, litellmRecords } from "./litellm";

// specs/gateway-callbacks.md §5.1, verbatim (scripts/test/gateway-fixtures), and its expected Burnrate rows.
const [o4mini, sonnet, failed] = fixtures as unknown as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const eventOf = (record: unknown) => {
  const mapped = litellmEvent(record);
  if (!("event" in mapped)) throw new Error(JSON.stringify(mapped.errors));
  return mapped.event;
};

describe("LiteLLM generic_api records → usage events", () => {
  it("1a: OpenAI o4-mini with a cached prompt and reasoning; LiteLLM's cost as reported; its attribution", () => {
    expect(eventOf(o4mini)).toEqual({
      id: "litellm:5b0e8d2a-7c41-4f1e-9a3b-2d6c8e1f0a97",
      timestamp: "2026-10-21T14:03:02.413Z",
      provider: "openai",
      model: "o4-mini",
      input_tokens: 12480,
      cache_read_tokens: 9856,
      cache_write_tokens: 0,
      output_tokens: 1530,
      reasoning_tokens: 1088,
      cost_usd: 0.0123288,
      status: "ok",
      latency_ms: 5490,
      user: "svc-support-bot",
      team: "team_support",
      customer: "cust_4417",
      session: "sess_acme_support_118",
      feature: "ticket-summary",
      tags: expect.objectContaining({
        support: "true",
        prod: "true",
        source: "litellm",
        model_alias: "reasoning-default",
        trace_id: "sess_acme_support_118",
        response_id: "chatcmpl-CQ8a1Zt7xW2vQy3uLm0pR4sT",
      }),
    });
    // The User-Agent entries LiteLLM adds to request_tags are not the user's tags.
    expect(Object.keys(eventOf(o4mini).tags as object).some((k) => k.startsWith("User-Agent"))).toBe(false);
  });

  it("1b: Anthropic with cache read and write, streamed: input = text + read + write, TTFT kept, reasoning estimated", () => {
    const e = eventOf(sonnet);
    expect(e).toMatchObject({
      id: "litellm:9e2c7b41-0d5a-4c3f-8e1b-6a7f2d9c0b84",
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      input_tokens: 22708,
      cache_read_tokens: 18432,
      cache_write_tokens: 3072,
      output_tokens: 845,
      reasoning_tokens: 310,
      cost_usd: 0.0333366,
      latency_ms: 12543,
      user: "alice@acme.example",
      team: "team_data",
      session: "run_2026_10_21_etl_7",
      tags: expect.objectContaining({ etl: "true", ttft_ms: "1826", reasoning_estimated: "true", model_alias: "claude-sonnet" }),
    });
    // end_user "" is no customer.
    expect(e).not.toHaveProperty("customer");
    // The same call from a release that left cache writes out of prompt_tokens (and sent no text_tokens) is the same row.
    const usage = (sonnet.metadata as { usage_object: Record<string, unknown> }).usage_object;
    const details = { ...(usage.prompt_tokens_details as object), text_tokens: null };
    const older = {
      ...sonnet,
      metadata: { ...(sonnet.metadata as object), usage_object: { ...usage, prompt_tokens: 19636, prompt_tokens_details: details } },
    };
    expect(eventOf(older)).toMatchObject({ input_tokens: 22708, cache_read_tokens: 18432, cache_write_tokens: 3072 });
    // Current releases without text_tokens: prompt_tokens already holds both cache parts.
    const current = {
      ...sonnet,
      metadata: { ...(sonnet.metadata as object), usage_object: { ...usage, prompt_tokens_details: details } },
    };
    expect(eventOf(current)).toMatchObject({ input_tokens: 22708 });
  });

  it("1c: a 429 is an error event at cost 0 with its code and class; a generated trace id is no session", () => {
    const e = eventOf(failed);
    expect(e).toMatchObject({
      id: "litellm:3a7c9e1b-5d2f-4a8c-b0e6-7f1d3c5a9b22",
      provider: "openai",
      model: "gpt-4.1",
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      status: "error",
      latency_ms: 318,
      user: "svc-support-bot",
      customer: "cust_1207",
      tags: expect.objectContaining({ error_code: "429", error_class: "RateLimitError" }),
    });
    expect(e).not.toHaveProperty("session");
  });

  it("every fixture passes ingest's own validation", () => {
    for (const record of [o4mini, sonnet, failed]) expect(parseEvent(eventOf(record), new Date("2026-12-01T00:00:00Z")).ok).toBe(true);
  });

  it("a LiteLLM cache hit used no provider tokens; a failed costing leaves the price to Burnrate; bedrock/ is the provider", () => {
    const hit = eventOf({ ...o4mini, id: "chatcmpl-x_cache_hit1792591382.4", cache_hit: true, response_cost: 0 });
    expect(hit).toMatchObject({ input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cost_usd: 0 });
    expect(hit.tags).toMatchObject({ litellm_cache_hit: "true", response_id: "chatcmpl-x" });
    expect(eventOf({ ...o4mini, response_cost: 0, response_cost_failure_debug_info: { error_str: "no price" } })).not.toHaveProperty(
      "cost_usd",
    );
    expect(eventOf({ ...failed, custom_llm_provider: "bedrock", model: "bedrock/anthropic.claude-3-haiku" })).toMatchObject({
      provider: "bedrock",
      model: "anthropic.claude-3-haiku",
    });
  });

  it("names what is wrong with a record it cannot map, and ignores fields it does not know", () => {
    expect(litellmEvent({ ...o4mini, startTime: "yesterday" })).toEqual({ errors: [expect.objectContaining({ path: "startTime" })] });
    expect(litellmEvent({ ...o4mini, custom_llm_provider: null })).toEqual({
      errors: [{ path: "custom_llm_provider", message: "is required to tell the provider" }],
    });
    expect("event" in litellmEvent({ ...o4mini, a_field_from_next_year: { x: 1 } })).toBe(true);
  });

  it("reads json_array, single and ndjson bodies; recognises the legacy v1 payload", () => {
    expect(litellmRecords(JSON.stringify(fixtures))).toHaveLength(3);
    expect(litellmRecords(JSON.stringify(o4mini))).toHaveLength(1);
    expect(litellmRecords(fixtures.map((f) => JSON.stringify(f)).join("\n"))).toHaveLength(3);
    expect(() => litellmRecords("{not json")).toThrow(/not JSON/);
    expect(isLegacyV1({ id: "x", cost: "0.1", usage: "{'prompt_tokens': 1}" })).toBe(true);
    expect(isLegacyV1(o4mini)).toBe(false);
  });

  it("a caller's many request tags cannot push out Burnrate's own or overwrite them, and leave room for the cross-path flag", () => {
    const tagged = { ...o4mini, request_tags: ["source", ...Array.from({ length: 40 }, (_, i) => `t${i}`)] };
    const e = eventOf(tagged);
    const tags = e.tags as Record<string, string>;
    expect(tags.source).toBe("litellm");
    expect(tags.response_id).toBe("chatcmpl-CQ8a1Zt7xW2vQy3uLm0pR4sT");
    expect(Object.keys(tags)).toHaveLength(31);
    expect(parseEvent({ ...e, tags: { ...tags, duplicate_of: "openmeter:x:y" } }, new Date()).ok).toBe(true);
  });
});
