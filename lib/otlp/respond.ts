import "server-only";
import { retryAfter, toAppError } from "@/lib/http/respond";
import type { OtlpEncoding } from "./decode";
import type { ExportOutcome } from "./ingest-usage";
import { type OtlpMessageName, protoType } from "./proto";

export type OtlpSignal = "logs" | "metrics" | "traces";

const RESPONSE: Record<OtlpSignal, { message: OtlpMessageName; rejected: string }> = {
  logs: { message: "ExportLogsServiceResponse", rejected: "rejectedLogRecords" },
  metrics: { message: "ExportMetricsServiceResponse", rejected: "rejectedDataPoints" },
  traces: { message: "ExportTraceServiceResponse", rejected: "rejectedSpans" },
};

const CONTENT_TYPE: Record<OtlpEncoding, string> = { json: "application/json", protobuf: "application/x-protobuf" };

function encode(message: OtlpMessageName, body: Record<string, unknown>, encoding: OtlpEncoding): BodyInit {
  if (encoding === "json") return JSON.stringify(body);
  const type = protoType(message);
  return new Uint8Array(type.encode(type.fromObject(body)).finish());
}

function respond(status: number, message: OtlpMessageName, body: Record<string, unknown>, encoding: OtlpEncoding, headers = {}) {
  return new Response(encode(message, body, encoding), {
    status,
    headers: { "Content-Type": CONTENT_TYPE[encoding], "Cache-Control": "no-store", ...headers },
  });
}

/**
 * 200 with `Export<Signal>ServiceResponse` in the request's encoding: empty on full success, `partialSuccess`
 * with the rejected count and why when some records were rejected (exporters do not retry either). When every
 * record of the export was rejected, the data is bad as a whole: 400, like `POST /api/v1/events`.
 */
export function exportResponse(signal: OtlpSignal, outcome: ExportOutcome, encoding: OtlpEncoding): Response {
  const { message, rejected } = RESPONSE[signal];
  if (outcome.rejected > 0 && outcome.rejected === outcome.records) {
    return statusResponse(400, 3, "validation_failed", outcome.errorMessage ?? "Every record was rejected.", encoding);
  }
  const body = outcome.rejected > 0 ? { partialSuccess: { [rejected]: outcome.rejected, errorMessage: outcome.errorMessage } } : {};
  return respond(200, message, body, encoding);
}

/** gRPC status codes for google.rpc.Status, by HTTP status. */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * A failure as OTLP/HTTP wants it: the status code (429 and 503 carry Retry-After, the codes exporters retry)
 * and a google.rpc.Status body in the request's encoding. The JSON body also carries Burnrate's usual
 * `error: {code, message}`, so it reads like every other API error.
 */
export function otlpErrorResponse(err: unknown, encoding: OtlpEncoding): Response {
  const e = toAppError(err);
  if (e.code === "internal_error") console.error("[burnrate] OTLP export failed", err);
  const grpc = GRPC_CODE[e.status] ?? 2;
  const headers = e.status === 429 || e.status === 503 ? retryAfter() : {};
  return statusResponse(e.status, grpc, e.code, e.message, encoding, headers);
}

function statusResponse(status: number, grpc: number, code: string, message: string, encoding: OtlpEncoding, headers = {}): Response {
  const body: Record<string, unknown> = { code: grpc, message };
  if (encoding === "json") body.error = { code, message };
  return respond(status, "Status", body, encoding, headers);
}
