/** DESIGN §3.7's columns, in order: the export queries select exactly these first. */
export const CSV_COLUMNS = [
  "date",
  "provider",
  "model",
  "surface",
  "environment",
  "team",
  "user",
  "customer",
  "feature",
  "workflow",
  "repo",
  "tool",
  "billable",
  "cost_source",
  "requests",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "cost_usd",
  "list_cost_usd",
] as const;

/** What `granularity=event` adds after them. */
export const EVENT_COLUMNS = ["id", "timestamp", "session", "trace", "pr"] as const;

export type Cell = string | number | null | undefined;

/**
 * A row as the export queries return it: the CSV's cells, then the event columns (event granularity), then for
 * FOCUS the consumed tokens and (event granularity) the event's tags. Drivers differ on bigint (string or number).
 */
export type ExportRow = unknown[];

/** Where each column sits in an ExportRow. */
export const COL = Object.fromEntries([...CSV_COLUMNS, ...EVENT_COLUMNS].map((c, i) => [c, i])) as Record<
  (typeof CSV_COLUMNS)[number] | (typeof EVENT_COLUMNS)[number],
  number
>;

export function csvColumns(event: boolean): readonly string[] {
  return event ? [...CSV_COLUMNS, ...EVENT_COLUMNS] : CSV_COLUMNS;
}
