import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import fixtures from "@/scripts/test/gateway-fixtures/helicone-2abc.json" with { type: "json" };
import { DEFAULT_PROPERTY_MAP, enrichHeliconeEvent, HeliconeRestResponse, heliconeEvent } from "./helicone";

// specs/gateway-callbacks.md §5.2: the raw bodies as signed, verbatim (scripts/test/gateway-fixtures).
const RECEIVED = new Date("2026-10-21T14:04:00.000Z");
const eventOf = (body: string) => {
  const mapped = heliconeEvent(JSON.parse(body), RECEIVED);
  if (!("event" in mapped)) throw new Error(JSON.stringify(mapped.errors));
  return mapped.event;
};

describe("Helicone webhooks → usage events", () => {
  it("2a: tokens from the response's own usage, not Helicone's uncached-only counts; Helicone's cost; placed before receipt", () => {
    expect(eventOf(fixtures["2a"].body)).toEqual({
      id: "helicone:6f1d2c9e-8a4b-4c3d-9e2f-1a7b5c8d0e41",
      // Receipt − 30 s send delay − 4,210 ms latency.
      timestamp: "2026-10-21T14:03:25.790Z",
      provider: "openai",
      model: "o4-mini-2025-04-16",
      input_tokens: 5310,
      cache_read_tokens: 4096,
      cache_write_tokens: 0,
      output_tokens: 962,
      reasoning_tokens: 640,
      cost_usd: 0.0066946,
      status: "ok",
      latency_ms: 4210,
      user: "u_8841",
      tags: { source: "helicone", time_approx: "true", response_id: "chatcmpl-CQ7f2kR1aZ0mXw9e" },
    });
  });

  it("2b: Anthropic's input = uncached + cache write + cache read; no user", () => {
    const e = eventOf(fixtures["2b"].body);
    expect(e).toMatchObject({
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      input_tokens: 11676,
      cache_read_tokens: 9216,
      cache_write_tokens: 2048,
      output_tokens: 388,
      reasoning_tokens: 0,
      cost_usd: 0.0058336,
      latency_ms: 2874,
    });
    expect(e).not.toHaveProperty("user");
  });

  it("2c: an error response is an error event at cost 0 with its class", () => {
    expect(eventOf(fixtures["2c"].body)).toMatchObject({
      provider: "openai",
      model: "gpt-4.1",
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      status: "error",
      user: "u_1207",
      tags: { error_class: "rate_limit_exceeded" },
    });
  });

  it("without a usage block (body too large both ways) Helicone's counts stand in, flagged; every fixture passes ingest", () => {
    const truncated = {
      ...JSON.parse(fixtures["2a"].body),
      response_body: "Body too large for webhook, please fetch the full request and response from Helicone",
    };
    const e = heliconeEvent(truncated, RECEIVED);
    expect("event" in e && e.event).toMatchObject({ input_tokens: 1214, output_tokens: 322, tags: { tokens_approx: "true" } });
    for (const f of [fixtures["2a"], fixtures["2b"], fixtures["2c"]]) expect(parseEvent(eventOf(f.body), RECEIVED).ok).toBe(true);
    expect(heliconeEvent({ request_body: "{}" }, RECEIVED)).toEqual({ errors: [expect.objectContaining({ path: "request_id" })] });
  });

  it("enriched from Helicone's REST record: its time, mapped properties (never over the webhook's), other properties as tags", () => {
    const rest = HeliconeRestResponse.parse({
      data: {
        request_created_at: "2026-10-21T14:03:29.512Z",
        response_status: 200,
        request_user_id: "someone-else",
        request_properties: { Team: "support", Customer: "cust_4417", "Helicone-Session-Id": "sess-9", Ticket: 4411, Empty: " " },
        prompt_tokens: "1214",
        cost: 0.5,
      },
      error: null,
    }).data;
    if (!rest) throw new Error("no data");
    const e = enrichHeliconeEvent(eventOf(fixtures["2a"].body), rest, DEFAULT_PROPERTY_MAP);
    expect(e).toMatchObject({
      timestamp: "2026-10-21T14:03:29.512Z",
      team: "support",
      customer: "cust_4417",
      session: "sess-9",
      // The webhook's user, usage and cost stand: the REST record only fills what the webhook lacks.
      user: "u_8841",
      input_tokens: 5310,
      cost_usd: 0.0066946,
      tags: { source: "helicone", Ticket: "4411", enriched: "helicone" },
    });
    expect(e.tags).not.toHaveProperty("time_approx");
    expect(e.tags).not.toHaveProperty("Empty");
    expect(parseEvent(e, RECEIVED).ok).toBe(true);
  });

  it("enrichment replaces Helicone's webhook counts when the body had none, marks HTTP errors, fills a missing user and cost", () => {
    const truncated = { ...JSON.parse(fixtures["2b"].body), response_body: "Body too large for webhook", metadata: { promptTokens: 100 } };
    const base = heliconeEvent(truncated, RECEIVED);
    if (!("event" in base)) throw new Error("unmapped");
    const rest = HeliconeRestResponse.parse({
      data: [
        {
          response_status: 529,
          request_user_id: "u_77",
          prompt_tokens: 412,
          prompt_cache_read_tokens: 9216,
          prompt_cache_write_tokens: 2048,
          completion_tokens: 388,
          cost: 0.0058336,
        },
      ],
    }).data;
    if (!rest) throw new Error("no data");
    // A property map from Settings: "Squad" fills team.
    const e = enrichHeliconeEvent(base.event, { ...rest, request_properties: { squad: "infra" } }, { squad: "team" });
    expect(e).toMatchObject({
      input_tokens: 412 + 9216 + 2048,
      cache_read_tokens: 9216,
      cache_write_tokens: 2048,
      output_tokens: 388,
      cost_usd: 0.0058336,
      status: "error",
      user: "u_77",
      team: "infra",
      tags: { http_status: "529", tokens_approx: "true", time_approx: "true" },
    });
  });
});
