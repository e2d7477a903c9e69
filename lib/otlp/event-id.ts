import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level: the same value always serialises to the same string. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A stable event id for a log record: a hash over what identifies it — its resource, scope, time, name and
 * attributes (Claude Code's `session.id`, `prompt.id`, `event.sequence` among them). An exporter retrying the
 * same batch sends the same record, so the retry hits the same id and is counted as a duplicate.
 */
export function logRecordEventId(identity: Record<string, unknown>): string {
  return `otlp:log:${createHash("sha256").update(canonicalJson(identity)).digest("base64url")}`;
}

const HEX_ID = /^[0-9a-f]+$/;
const ZERO_ID = /^0+$/;

/** A span is identified by its trace and span ids (W3C: globally unique); malformed ids fall back to a hash. */
export function spanEventId(traceId: string | undefined, spanId: string | undefined, identity: Record<string, unknown>): string {
  if (traceId?.length === 32 && spanId?.length === 16 && HEX_ID.test(traceId + spanId) && !ZERO_ID.test(traceId)) {
    return `otlp:span:${traceId}:${spanId}`;
  }
  return `otlp:span:${createHash("sha256").update(canonicalJson(identity)).digest("base64url")}`;
}
