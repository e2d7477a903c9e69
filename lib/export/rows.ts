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

export function csvColumns(event: boolean): readonly string[] {
  return event ? [...CSV_COLUMNS, ...EVENT_COLUMNS] : CSV_COLUMNS;
}
