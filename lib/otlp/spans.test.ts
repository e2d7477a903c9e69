import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/schemas";
import { ExportTraceRequest } from "./schemas";
import { genAiSpanUsage, spanViews } from "./spans";

const NOW = new Date("2026-11-23T00:00:00Z");
const str = (key: string, stringValue: string) => ({ key, value: { stringValue } });
const int = (key: string, intValue: number | string) => ({ key, value: { intValue } });
const TRACE = "5b8efff798038103d269b633813fc60c";

function span(spanId: string, attributes: { key: string; value: object }[], status?: { code: number }) {
  return {
    traceId: TRACE,
    spanId,
    name: "chat gpt-4.1",
    startTimeUnixNano: "1795000000000000000",
    endTimeUnixNano: "1795000001250000000",
    attributes,
    status,
  };
}

function usageOf(spans: ReturnType<typeof span>[], resource = [str("service.name", "support-bot"), str("burnrate.feature", "triage")]) {
  const request = ExportTraceRequest.parse({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] });
  return spanViews(request, "hex").map(genAiSpanUsage);
}

describe("GenAI spans → usage events", () => {
  it("maps a chat span: model, provider, tokens (cache inside input), latency, trace, session, feature", () => {
    const [usage] = usageOf([
      span("eee19b7ec3c1b174", [
        str("gen_ai.operation.name", "chat"),
        str("gen_ai.provider.name", "openai"),
        str("gen_ai.request.model", "gpt-4.1"),
        str("gen_ai.response.model", "gpt-4.1-2025-04-14"),
        int("gen_ai.usage.input_tokens", "1500"),
        int("gen_ai.usage.output_tokens", 200),
        int("gen_ai.usage.cache_read.input_tokens", 1000),
        str("gen_ai.conversation.id", "conv-9"),
      ]),
    ]);
    const parsed = parseEvent(usage?.event, NOW);
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        id: `otlp:span:${TRACE}:eee19b7ec3c1b174`,
        provider: "openai",
        model: "gpt-4.1-2025-04-14",
        input_tokens: 1500,
        cache_read_tokens: 1000,
        output_tokens: 200,
        latency_ms: 1250,
        trace: TRACE,
        session: "conv-9",
        feature: "triage",
        status: "ok",
      },
    });
  });

  it("ignores agent, tool and plain spans; an older span without operation name counts when it reports usage", () => {
    const usage = usageOf([
      span("0000000000000001", [
        str("gen_ai.operation.name", "invoke_agent"),
        str("gen_ai.request.model", "gpt-4.1"),
        int("gen_ai.usage.input_tokens", 9),
      ]),
      span("0000000000000002", [str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "search")]),
      span("0000000000000003", [str("http.route", "/x")]),
      span("0000000000000004", [
        str("gen_ai.system", "anthropic"),
        str("gen_ai.request.model", "claude-haiku-4-5"),
        int("gen_ai.usage.prompt_tokens", 10),
        int("gen_ai.usage.completion_tokens", 5),
      ]),
    ]);
    expect(usage.slice(0, 3)).toEqual([null, null, null]);
    expect(usage[3]?.event).toMatchObject({ provider: "anthropic", input_tokens: 10, output_tokens: 5 });
  });

  it("adds cache to input when an instrumentation reported uncached input, and marks failed calls", () => {
    const [usage] = usageOf([
      span(
        "0000000000000005",
        [
          str("gen_ai.operation.name", "chat"),
          str("gen_ai.provider.name", "anthropic"),
          str("gen_ai.request.model", "claude-sonnet-4-5"),
          int("gen_ai.usage.input_tokens", 100),
          int("gen_ai.usage.cache_read.input_tokens", 5000),
          int("gen_ai.usage.output_tokens", 10),
        ],
        { code: 2 },
      ),
    ]);
    expect(parseEvent(usage?.event, NOW)).toMatchObject({
      ok: true,
      event: { input_tokens: 5100, cache_read_tokens: 5000, status: "error" },
    });
  });
});
