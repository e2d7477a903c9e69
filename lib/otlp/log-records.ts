import { type Attributes, anyValue, attributes, nanosToIso, stringAttr } from "./attributes";
import { logRecordEventId } from "./event-id";
import type { ExportLogsRequest, LogRecordJson } from "./schemas";

/** One log record with what surrounds it: its resource's and scope's attributes, decoded once. */
export interface LogView {
  resource: Attributes;
  scope: { name?: string; version?: string };
  record: LogRecordJson;
  attrs: Attributes;
  /** Every name the record goes by: the LogRecord `eventName`, the `event.name` attribute and a string body. */
  names: string[];
  /** The record's time (or, when the exporter left it unset, when it was observed), RFC 3339. */
  timestamp?: string;
  /** The stable event id for exporter retries. */
  id: string;
}

export function logViews(request: ExportLogsRequest): LogView[] {
  const views: LogView[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resource = attributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = { name: sl.scope?.name ?? undefined, version: sl.scope?.version ?? undefined };
      for (const record of sl.logRecords ?? []) {
        const attrs = attributes(record.attributes);
        const body = anyValue(record.body);
        const names = [record.eventName, stringAttr(attrs, "event.name"), typeof body === "string" ? body : undefined].filter(
          (n): n is string => typeof n === "string" && n !== "",
        );
        const timestamp = nanosToIso(record.timeUnixNano) ?? isoAttr(attrs, "event.timestamp") ?? nanosToIso(record.observedTimeUnixNano);
        const id = logRecordEventId({ resource, scope, time: String(record.timeUnixNano ?? ""), names, body, attrs });
        views.push({ resource, scope, record, attrs, names, timestamp, id });
      }
    }
  }
  return views;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isoAttr(attrs: Attributes, key: string): string | undefined {
  const v = stringAttr(attrs, key);
  return v && RFC3339.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
}
