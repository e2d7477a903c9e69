import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import fixtures from "@/scripts/test/gateway-fixtures/openmeter-3abcd.json" with { type: "json" };
import { inferProvider, openmeterEvents } from "./openmeter";

// specs/gateway-callbacks.md §5.3, verbatim (scripts/test/gateway-fixtures).
type Raw = Record<string, unknown> & { data?: Record<string, unknown> };
const {
  "3a": fixture3a,
  "3b": fixture3b,
  "3c": fixture3c,
  "3d": fixture3d,
} = fixtures as unknown as {
  "3a": [Raw, Raw, Raw];
  "3b": Raw[];
  "3c": Raw;
  "3d": Raw[];
};

const NOW = new Date("2026-10-22T00:00:00Z");
const mapped = (raw: unknown[]) => {
  const r = openmeterEvents(raw, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r.details));
  return r;
};

describe("OpenMeter CloudEvents → usage events", () => {
  it("3a: one call's token-type events (a numeric string among them) are one row; no cost, so Burnrate prices it", () => {
    const { events, ignored } = mapped(fixture3a);
    expect(ignored).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]?.from).toEqual([0, 1, 2]);
    expect(events[0]?.event).toEqual({
      id: expect.stringMatching(/^openmeter:acme-chat-api:chatcmpl-CQ9b7Xk2Lp:[0-9a-f]{12}$/),
      timestamp: "2026-10-21T14:05:11.204Z",
      provider: "openai",
      model: "gpt-4.1-mini-2025-04-14",
      input_tokens: 8248,
      cache_read_tokens: 6144,
      cache_write_tokens: 0,
      output_tokens: 310,
      reasoning_tokens: 0,
      customer: "cust_4417",
      team: "team_support",
      tags: { source: "openmeter", openmeter_source: "acme-chat-api" },
    });
    expect(events[0]?.event).not.toHaveProperty("cost_usd");
  });

  it("3b: Anthropic's input, cache read, cache write and output; user and tags from data", () => {
    const [row] = mapped(fixture3b).events;
    expect(row?.event).toMatchObject({
      provider: "anthropic",
      input_tokens: 26208,
      cache_read_tokens: 24576,
      cache_write_tokens: 1536,
      output_tokens: 1200,
      customer: "cust_0093",
      user: "bob@acme.example",
      tags: { research: "true" },
    });
    expect(row?.event.id).toMatch(/^openmeter:research-agent:msg_01Zk8QbW3nR5tV7xY9aC2dE4:/);
  });

  it("3c: LiteLLM's openmeter callback — all input in prompt_tokens, its cost reported, the provider inferred", () => {
    const [row] = mapped([fixture3c]).events;
    expect(row?.event).toEqual({
      id: "openmeter:litellm-proxy:chatcmpl-CQ8a1Zt7xW2vQy3uLm0pR4sT",
      timestamp: "2026-10-21T14:03:07.905321+00:00",
      provider: "openai",
      model: "o4-mini",
      input_tokens: 12480,
      output_tokens: 1530,
      cost_usd: 0.0123288,
      customer: "cust_4417",
      // The provider response id: the same call through LiteLLM's generic_api is recognised (lib/gateways/cross-path.ts).
      tags: { source: "openmeter", openmeter_source: "litellm-proxy", response_id: "chatcmpl-CQ8a1Zt7xW2vQy3uLm0pR4sT" },
    });
  });

  it("per key: subject as the user or as nothing, data.user still winning; input that already includes cache reads", () => {
    const asUser = openmeterEvents([fixture3c], NOW, { subject: "user" });
    expect(asUser.ok && asUser.events[0]?.event).toMatchObject({ user: "cust_4417" });
    expect(asUser.ok && asUser.events[0]?.event).not.toHaveProperty("customer");
    const bob = openmeterEvents(fixture3b, NOW, { subject: "user" });
    expect(bob.ok && bob.events[0]?.event).toMatchObject({ user: "bob@acme.example" });
    const none = openmeterEvents([fixture3c], NOW, { subject: "none" });
    expect(none.ok && none.events[0]?.event).not.toHaveProperty("customer");
    expect(none.ok && none.events[0]?.event).not.toHaveProperty("user");
    // 3a sends input 2,104 (uncached) + cache_read 6,144: read as prompt_tokens, input is the larger of the two.
    const inclusive = openmeterEvents(fixture3a, NOW, { input_includes_cached: true });
    expect(inclusive.ok && inclusive.events[0]?.event).toMatchObject({ input_tokens: 6144, cache_read_tokens: 6144 });
    const prompt = [{ ...fixture3a[0], data: { ...fixture3a[0].data, tokens: 8248 } }, fixture3a[1], fixture3a[2]];
    const sent = openmeterEvents(prompt, NOW, { input_includes_cached: true });
    expect(sent.ok && sent.events[0]?.event).toMatchObject({ input_tokens: 8248, cache_read_tokens: 6144, output_tokens: 310 });
  });

  it("3d: a batch with one bad event is refused whole, naming it", () => {
    expect(openmeterEvents(fixture3d, NOW)).toEqual({ ok: false, details: [{ path: "[1].id", message: expect.any(String) }] });
    expect(openmeterEvents([{ ...fixture3a[0], data: { ...fixture3a[0].data, tokens: -1 } }], NOW)).toEqual({
      ok: false,
      details: [expect.objectContaining({ path: "[0].data.tokens" })],
    });
  });

  it("the same events re-sent are the same row; other buckets of the call sent later are another; other types are ignored", () => {
    const once = mapped(fixture3a).events[0]?.event.id;
    expect(mapped([...fixture3a].reverse()).events[0]?.event.id).toBe(once);
    expect(mapped(fixture3a.slice(2)).events[0]?.event.id).not.toBe(once);
    expect(mapped([{ ...fixture3c, type: "api_call", data: { path: "/x" } }]).ignored).toBe(1);
  });

  it("every mapped fixture passes ingest's own validation; providers are inferred from model ids", () => {
    for (const batch of [fixture3a, fixture3b, [fixture3c]])
      for (const { event } of mapped(batch).events) expect(parseEvent(event, NOW).ok).toBe(true);
    expect(["gpt-5", "o4-mini", "claude-haiku-4-5", "gemini-2.5-pro", "llama-3"].map(inferProvider)).toEqual([
      "openai",
      "openai",
      "anthropic",
      "google",
      "unknown",
    ]);
  });
});
