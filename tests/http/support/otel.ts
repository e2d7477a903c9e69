import { context, type HrTime, trace } from "@opentelemetry/api";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

/**
 * Telemetry built with the official OpenTelemetry JS SDK and sent by its official OTLP/HTTP exporters (JSON and
 * protobuf, optionally gzip) — the same client code an instrumented app runs.
 */
export type Protocol = "http/json" | "http/protobuf";
type Attrs = Record<string, string | number | boolean>;

interface Exporter<T> {
  export(items: T, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

export interface ExporterOptions {
  baseUrl: string;
  key: string;
  protocol: Protocol;
  gzip?: boolean;
}

function config(o: ExporterOptions, signal: "logs" | "metrics" | "traces") {
  return {
    url: `${o.baseUrl}/api/v1/otlp/v1/${signal}`,
    headers: { Authorization: `Bearer ${o.key}` },
    compression: o.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    timeoutMillis: 15_000,
  };
}

export const logExporter = (o: ExporterOptions): Exporter<ReadableLogRecord[]> =>
  o.protocol === "http/json" ? new JsonLogExporter(config(o, "logs")) : new ProtoLogExporter(config(o, "logs"));
export const metricExporter = (o: ExporterOptions): Exporter<ResourceMetrics> =>
  o.protocol === "http/json"
    ? new JsonMetricExporter({ ...config(o, "metrics"), temporalityPreference: AggregationTemporality.DELTA })
    : new ProtoMetricExporter({ ...config(o, "metrics"), temporalityPreference: AggregationTemporality.DELTA });
export const traceExporter = (o: ExporterOptions): Exporter<ReadableSpan[]> =>
  o.protocol === "http/json" ? new JsonTraceExporter(config(o, "traces")) : new ProtoTraceExporter(config(o, "traces"));

/** One export through an exporter, resolved with its result (SUCCESS, or FAILED with the error). */
export function exportOnce<T>(exporter: Exporter<T>, items: T): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}
export { ExportResultCode };

const hr = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

/** Claude Code's resource (specs/claude-code-otel.md §2) plus what OTEL_RESOURCE_ATTRIBUTES adds. */
export function claudeCodeResource(extra: Attrs) {
  return resourceFromAttributes({
    "service.name": "claude-code",
    "service.version": "2.1.40",
    "os.type": "linux",
    "host.arch": "amd64",
    ...extra,
  });
}

export interface ApiRequest {
  at: number;
  sequence: number;
  model: string;
  cost: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/**
 * Claude Code's events for one prompt, as the spec describes them: a user_prompt, the api_request events
 * (numbers in the spec's mixed encodings: ints, a double cost, a token count as a string) and a tool_result.
 */
export function claudeCodeLogs(resource: Attrs, session: string, email: string, calls: ApiRequest[]): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: claudeCodeResource(resource),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger("com.anthropic.claude_code.events", "2.1.40");
  const common = (name: string, at: number, sequence: number): Attrs => ({
    "event.name": name,
    "event.timestamp": new Date(at).toISOString(),
    "event.sequence": sequence,
    "session.id": session,
    "prompt.id": `${session}-prompt`,
    "user.email": email,
    "organization.id": "4f6c2a1e-7b3d-4c9a-8e21-5d0f9a3b7c11",
    "terminal.type": "vscode",
  });
  const first = calls[0]?.at ?? Date.now();
  logger.emit({
    timestamp: hr(first - 1000),
    body: "claude_code.user_prompt",
    attributes: { ...common("user_prompt", first - 1000, 0), prompt_length: 42 },
  });
  for (const c of calls) {
    logger.emit({
      timestamp: hr(c.at),
      observedTimestamp: hr(c.at),
      body: "claude_code.api_request",
      attributes: {
        ...common("api_request", c.at, c.sequence),
        model: c.model,
        cost_usd: c.cost,
        duration_ms: 8412,
        input_tokens: c.input,
        output_tokens: c.output,
        cache_read_tokens: c.cacheRead,
        cache_creation_tokens: String(c.cacheCreation),
        speed: "normal",
      },
    });
    logger.emit({
      timestamp: hr(c.at + 10),
      body: "claude_code.tool_result",
      attributes: { ...common("tool_result", c.at + 10, c.sequence + 1000), tool_name: "Edit", success: "true", duration_ms: 12 },
    });
  }
  return memory.getFinishedLogRecords();
}

class ManualReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

/** Claude Code's cost and token counters for the same calls (delta temporality, its default). */
export async function claudeCodeMetrics(resource: Attrs, session: string, calls: ApiRequest[]): Promise<ResourceMetrics> {
  const reader = new ManualReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  const provider = new MeterProvider({ resource: claudeCodeResource(resource), readers: [reader] });
  const meter = provider.getMeter("com.anthropic.claude_code", "2.1.40");
  const cost = meter.createCounter("claude_code.cost.usage", { unit: "USD" });
  const tokens = meter.createCounter("claude_code.token.usage", { unit: "tokens" });
  for (const c of calls) {
    cost.add(c.cost, { "session.id": session, model: c.model });
    for (const [type, n] of [
      ["input", c.input],
      ["output", c.output],
      ["cacheRead", c.cacheRead],
      ["cacheCreation", c.cacheCreation],
    ] as const) {
      tokens.add(n, { "session.id": session, model: c.model, type });
    }
  }
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics;
}

export interface ChatSpan {
  at: number;
  model: string;
  provider: string;
  input: number;
  output: number;
  cacheRead?: number;
  error?: boolean;
}

/** An app instrumented with the GenAI conventions: an agent span wrapping chat spans, plus an unrelated HTTP span. */
export function genAiSpans(resource: Attrs, conversation: string, calls: ChatSpan[]): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("test-genai-app");
  const start = calls[0]?.at ?? Date.now();
  const agent = tracer.startSpan("invoke_agent support", {
    startTime: hr(start - 50),
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.request.model": calls[0]?.model ?? "x",
      "gen_ai.usage.input_tokens": 999999,
    },
  });
  const inAgent = trace.setSpan(context.active(), agent);
  for (const c of calls) {
    const span = tracer.startSpan(
      `chat ${c.model}`,
      {
        startTime: hr(c.at),
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": c.provider,
          "gen_ai.request.model": c.model,
          "gen_ai.usage.input_tokens": c.input,
          "gen_ai.usage.output_tokens": c.output,
          "gen_ai.usage.cache_read.input_tokens": c.cacheRead ?? 0,
          "gen_ai.conversation.id": conversation,
        },
      },
      inAgent,
    );
    if (c.error) span.setStatus({ code: 2, message: "rate limited" });
    span.end(hr(c.at + 1500));
  }
  tracer.startSpan("GET /healthz", { startTime: hr(start) }).end(hr(start + 3));
  agent.end(hr(start + 5000));
  return memory.getFinishedSpans();
}
