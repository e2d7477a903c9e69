import protobuf from "protobufjs/light.js";

/**
 * The OTLP messages Burnrate reads and writes, as protobufjs descriptors. Field numbers and types follow
 * opentelemetry-proto (collector/{logs,metrics,trace}/v1 and their data models) and google.rpc.Status.
 * Only the fields we use are declared: protobufjs skips unknown fields on decode (as proto3 requires), so
 * newer senders with extra fields still decode. Names are the OTLP/JSON lowerCamelCase ones, so a decoded
 * message turned into a plain object has the same shape as an `http/json` body.
 */
type Fields = Record<string, { type: string; id: number; rule?: "repeated" }>;
const message = (fields: Fields, oneofs?: Record<string, string[]>) => ({
  fields,
  ...(oneofs ? { oneofs: Object.fromEntries(Object.entries(oneofs).map(([name, oneof]) => [name, { oneof }])) } : {}),
});
const repeated = (type: string, id: number) => ({ type, id, rule: "repeated" as const });

const otlp = {
  AnyValue: message(
    {
      stringValue: { type: "string", id: 1 },
      boolValue: { type: "bool", id: 2 },
      intValue: { type: "int64", id: 3 },
      doubleValue: { type: "double", id: 4 },
      arrayValue: { type: "ArrayValue", id: 5 },
      kvlistValue: { type: "KeyValueList", id: 6 },
      bytesValue: { type: "bytes", id: 7 },
    },
    { value: ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"] },
  ),
  ArrayValue: message({ values: repeated("AnyValue", 1) }),
  KeyValueList: message({ values: repeated("KeyValue", 1) }),
  KeyValue: message({ key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } }),
  InstrumentationScope: message({
    name: { type: "string", id: 1 },
    version: { type: "string", id: 2 },
    attributes: repeated("KeyValue", 3),
  }),
  Resource: message({ attributes: repeated("KeyValue", 1) }),

  // Logs
  ExportLogsServiceRequest: message({ resourceLogs: repeated("ResourceLogs", 1) }),
  ResourceLogs: message({ resource: { type: "Resource", id: 1 }, scopeLogs: repeated("ScopeLogs", 2) }),
  ScopeLogs: message({ scope: { type: "InstrumentationScope", id: 1 }, logRecords: repeated("LogRecord", 2) }),
  LogRecord: message({
    timeUnixNano: { type: "fixed64", id: 1 },
    severityNumber: { type: "int32", id: 2 },
    severityText: { type: "string", id: 3 },
    body: { type: "AnyValue", id: 5 },
    attributes: repeated("KeyValue", 6),
    flags: { type: "fixed32", id: 8 },
    traceId: { type: "bytes", id: 9 },
    spanId: { type: "bytes", id: 10 },
    observedTimeUnixNano: { type: "fixed64", id: 11 },
    eventName: { type: "string", id: 12 },
  }),
  ExportLogsServiceResponse: message({ partialSuccess: { type: "ExportLogsPartialSuccess", id: 1 } }),
  ExportLogsPartialSuccess: message({ rejectedLogRecords: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } }),

  // Metrics
  ExportMetricsServiceRequest: message({ resourceMetrics: repeated("ResourceMetrics", 1) }),
  ResourceMetrics: message({ resource: { type: "Resource", id: 1 }, scopeMetrics: repeated("ScopeMetrics", 2) }),
  ScopeMetrics: message({ scope: { type: "InstrumentationScope", id: 1 }, metrics: repeated("Metric", 2) }),
  Metric: message(
    {
      name: { type: "string", id: 1 },
      description: { type: "string", id: 2 },
      unit: { type: "string", id: 3 },
      gauge: { type: "Gauge", id: 5 },
      sum: { type: "Sum", id: 7 },
      histogram: { type: "Histogram", id: 9 },
      exponentialHistogram: { type: "ExponentialHistogram", id: 10 },
      summary: { type: "Summary", id: 11 },
    },
    { data: ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] },
  ),
  Gauge: message({ dataPoints: repeated("NumberDataPoint", 1) }),
  Sum: message({
    dataPoints: repeated("NumberDataPoint", 1),
    aggregationTemporality: { type: "int32", id: 2 },
    isMonotonic: { type: "bool", id: 3 },
  }),
  Histogram: message({ dataPoints: repeated("DataPoint", 1), aggregationTemporality: { type: "int32", id: 2 } }),
  ExponentialHistogram: message({ dataPoints: repeated("DataPoint", 1), aggregationTemporality: { type: "int32", id: 2 } }),
  Summary: message({ dataPoints: repeated("DataPoint", 1) }),
  NumberDataPoint: message(
    {
      startTimeUnixNano: { type: "fixed64", id: 2 },
      timeUnixNano: { type: "fixed64", id: 3 },
      asDouble: { type: "double", id: 4 },
      asInt: { type: "sfixed64", id: 6 },
      attributes: repeated("KeyValue", 7),
    },
    { value: ["asDouble", "asInt"] },
  ),
  /** Histogram, exponential histogram and summary points share field numbers 2 and 3 (times); the rest is skipped. */
  DataPoint: message({ startTimeUnixNano: { type: "fixed64", id: 2 }, timeUnixNano: { type: "fixed64", id: 3 } }),
  ExportMetricsServiceResponse: message({ partialSuccess: { type: "ExportMetricsPartialSuccess", id: 1 } }),
  ExportMetricsPartialSuccess: message({ rejectedDataPoints: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } }),

  // Traces
  ExportTraceServiceRequest: message({ resourceSpans: repeated("ResourceSpans", 1) }),
  ResourceSpans: message({ resource: { type: "Resource", id: 1 }, scopeSpans: repeated("ScopeSpans", 2) }),
  ScopeSpans: message({ scope: { type: "InstrumentationScope", id: 1 }, spans: repeated("Span", 2) }),
  Span: message({
    traceId: { type: "bytes", id: 1 },
    spanId: { type: "bytes", id: 2 },
    parentSpanId: { type: "bytes", id: 4 },
    name: { type: "string", id: 5 },
    kind: { type: "int32", id: 6 },
    startTimeUnixNano: { type: "fixed64", id: 7 },
    endTimeUnixNano: { type: "fixed64", id: 8 },
    attributes: repeated("KeyValue", 9),
    status: { type: "SpanStatus", id: 15 },
  }),
  SpanStatus: message({ message: { type: "string", id: 2 }, code: { type: "int32", id: 3 } }),
  ExportTraceServiceResponse: message({ partialSuccess: { type: "ExportTracePartialSuccess", id: 1 } }),
  ExportTracePartialSuccess: message({ rejectedSpans: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } }),

  /** google.rpc.Status: the body of every 4xx/5xx answer (details are never sent). */
  Status: message({ code: { type: "int32", id: 1 }, message: { type: "string", id: 2 } }),
};

const root = protobuf.Root.fromJSON({ nested: { otlp: { nested: otlp } } });

export type OtlpMessageName = keyof typeof otlp;

export function protoType(name: OtlpMessageName): protobuf.Type {
  return root.lookupType(`otlp.${name}`);
}
