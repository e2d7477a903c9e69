import { fromGenAiSpan } from "@/lib/pricing/tokens";
import { type Attributes, attributes, firstString, nanosToIso, stringAttr } from "./attributes";
import { spanEventId } from "./event-id";
import type { ExportTraceRequest, SpanJson } from "./schemas";
import { contextTags, type UsageRecord, withAttribution } from "./usage-event";

/** Operations that are one call to a model (GenAI semantic conventions); agent, tool and workflow spans wrap them. */
const MODEL_CALLS = new Set(["chat", "generate_content", "text_completion", "embeddings", "completion"]);
const STATUS_ERROR = 2;

export interface SpanView {
  resource: Attributes;
  span: SpanJson;
  attrs: Attributes;
  traceId?: string;
  spanId?: string;
}

/** Flattens a trace export; ids are lowercase hex whatever the encoding (`idEncoding` says how they arrived). */
export function spanViews(request: ExportTraceRequest, idEncoding: "hex" | "base64"): SpanView[] {
  const views: SpanView[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        views.push({
          resource,
          span,
          attrs: attributes(span.attributes),
          traceId: hexId(span.traceId, idEncoding),
          spanId: hexId(span.spanId, idEncoding),
        });
      }
    }
  }
  return views;
}

function hexId(id: string | null | undefined, encoding: "hex" | "base64"): string | undefined {
  if (!id) return undefined;
  return (encoding === "base64" ? Buffer.from(id, "base64").toString("hex") : id).toLowerCase() || undefined;
}

/**
 * A GenAI model-call span → one usage event: `gen_ai.operation.name` is a model call (chat, embeddings…), or is
 * absent on a span that reports `gen_ai.usage.*` (older instrumentations). Any other span is not usage.
 */
export function genAiSpanUsage(view: SpanView): UsageRecord | null {
  const { attrs, resource, span } = view;
  const model = firstString([attrs], ["gen_ai.response.model", "gen_ai.request.model"]);
  const operation = stringAttr(attrs, "gen_ai.operation.name");
  const reportsUsage = Object.keys(attrs).some((k) => k.startsWith("gen_ai.usage."));
  if (!model || (operation ? !MODEL_CALLS.has(operation) : !reportsUsage)) return null;

  const t = fromGenAiSpan(attrs);
  // The convention counts cache inside input and reasoning inside output; some instrumentations of Anthropic
  // report uncached input. Where the parts exceed the whole, they were not included: add them.
  const cache = t.cacheReadTokens + t.cacheWriteTokens;
  const start = nanosToIso(span.startTimeUnixNano);
  const durationNs =
    span.startTimeUnixNano && span.endTimeUnixNano ? BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano) : undefined;
  const statusCode = span.status?.code;
  const base = {
    id: spanEventId(view.traceId, view.spanId, { resource, span: { ...span, attributes: attrs } }),
    timestamp: start ?? nanosToIso(span.endTimeUnixNano),
    provider: firstString([attrs, resource], ["gen_ai.provider.name", "gen_ai.system"]) ?? "unknown",
    model,
    input_tokens: cache > t.inputTokens ? t.inputTokens + cache : t.inputTokens,
    output_tokens: t.reasoningTokens > t.outputTokens ? t.outputTokens + t.reasoningTokens : t.outputTokens,
    cache_read_tokens: t.cacheReadTokens,
    cache_write_tokens: t.cacheWriteTokens,
    reasoning_tokens: t.reasoningTokens,
    status: statusCode === STATUS_ERROR || statusCode === "STATUS_CODE_ERROR" ? "error" : "ok",
    latency_ms: durationNs !== undefined && durationNs >= 0n ? Number(durationNs / 1_000_000n) : undefined,
    session: firstString([attrs, resource], ["gen_ai.conversation.id", "session.id"]),
    trace: view.traceId,
    agent: firstString([attrs], ["gen_ai.agent.name"]),
    user: firstString([attrs, resource], ["user.email", "enduser.id", "user.id"]),
    tags: contextTags([attrs, resource], ["service.name", "gen_ai.operation.name"]),
  };
  return {
    event: withAttribution(base, attrs, resource),
    label: `span ${span.name ?? ""} (${view.spanId ?? "no span id"})`.replace("span  ", "span "),
  };
}
