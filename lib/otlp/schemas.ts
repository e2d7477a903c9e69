import { z } from "zod";

/**
 * The shape of an OTLP export request as `http/json` sends it (OTLP's JSON mapping: lowerCamelCase keys,
 * integer enums, 64-bit integers as decimal strings or numbers) — and as our protobuf decoder hands it over,
 * so both encodings are read by the same code. Unknown fields are ignored, as the OTLP spec requires; `null`
 * means "not set". Only what Burnrate reads is declared.
 */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();
const u64 = nullish(z.union([z.string().regex(/^\d{1,20}$/, "must be a decimal integer"), z.number().int().min(0)]));
const i64 = z.union([z.string().regex(/^-?\d{1,20}$/, "must be a decimal integer"), z.number().int()]);
/** proto3 JSON writes a double as a number, or as a string ("NaN", "Infinity", "1.5"). */
const double = z.union([z.number(), z.string()]);
const list = <T extends z.ZodType>(item: T) => nullish(z.array(item));

export interface AnyValueJson {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: string | number | null;
  doubleValue?: string | number | null;
  arrayValue?: { values?: AnyValueJson[] | null } | null;
  kvlistValue?: { values?: KeyValueJson[] | null } | null;
  bytesValue?: string | null;
}
export interface KeyValueJson {
  key: string;
  value?: AnyValueJson | null;
}

export const AnyValueJson: z.ZodType<AnyValueJson> = z.lazy(() =>
  z.object({
    stringValue: nullish(z.string()),
    boolValue: nullish(z.boolean()),
    intValue: nullish(i64),
    doubleValue: nullish(double),
    arrayValue: nullish(z.object({ values: list(AnyValueJson) })),
    kvlistValue: nullish(z.object({ values: list(KeyValueJson) })),
    bytesValue: nullish(z.string()),
  }),
);
export const KeyValueJson: z.ZodType<KeyValueJson> = z.lazy(() => z.object({ key: z.string(), value: nullish(AnyValueJson) }));

const attributes = list(KeyValueJson);
const Resource = nullish(z.object({ attributes }));
const Scope = nullish(z.object({ name: nullish(z.string()), version: nullish(z.string()), attributes }));

export const LogRecordJson = z.object({
  timeUnixNano: u64,
  observedTimeUnixNano: u64,
  body: nullish(AnyValueJson),
  attributes,
  traceId: nullish(z.string()),
  spanId: nullish(z.string()),
  eventName: nullish(z.string()),
});
export type LogRecordJson = z.infer<typeof LogRecordJson>;

export const ExportLogsRequest = z.object({
  resourceLogs: list(z.object({ resource: Resource, scopeLogs: list(z.object({ scope: Scope, logRecords: list(LogRecordJson) })) })),
});
export type ExportLogsRequest = z.infer<typeof ExportLogsRequest>;

const points = list(z.object({ attributes, startTimeUnixNano: u64, timeUnixNano: u64 }));
const aggregation = nullish(z.object({ dataPoints: points }));
export const ExportMetricsRequest = z.object({
  resourceMetrics: list(
    z.object({
      resource: Resource,
      scopeMetrics: list(
        z.object({
          scope: Scope,
          metrics: list(
            z.object({
              name: nullish(z.string()),
              gauge: aggregation,
              sum: aggregation,
              histogram: aggregation,
              exponentialHistogram: aggregation,
              summary: aggregation,
            }),
          ),
        }),
      ),
    }),
  ),
});
export type ExportMetricsRequest = z.infer<typeof ExportMetricsRequest>;

export const SpanJson = z.object({
  traceId: nullish(z.string()),
  spanId: nullish(z.string()),
  name: nullish(z.string()),
  startTimeUnixNano: u64,
  endTimeUnixNano: u64,
  attributes,
  // OTLP/JSON enums are integers; a name ("STATUS_CODE_ERROR") is tolerated.
  status: nullish(z.object({ code: nullish(z.union([z.number().int(), z.string()])), message: nullish(z.string()) })),
});
export type SpanJson = z.infer<typeof SpanJson>;

export const ExportTraceRequest = z.object({
  resourceSpans: list(z.object({ resource: Resource, scopeSpans: list(z.object({ scope: Scope, spans: list(SpanJson) })) })),
});
export type ExportTraceRequest = z.infer<typeof ExportTraceRequest>;
