/** A row as the export queries return it (driver types vary: bigint may come back as a string or a number). */
export interface ExportRow {
  date: string;
  provider: string;
  model: string;
  surface: string;
  environment: string;
  team: string | null;
  user: string | null;
  customer: string | null;
  feature: string | null;
  workflow: string | null;
  repo: string | null;
  tool: string | null;
  billable: "true" | "false";
  cost_source: string;
  requests: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  cache_read_tokens: number | string;
  cache_write_tokens: number | string;
  cost_usd: string;
  list_cost_usd: string;
  consumed_tokens: number | string;
  adjustment: boolean;
  id?: string;
  timestamp?: string;
  session?: string | null;
  trace?: string | null;
  pr?: number | null;
  tags?: Record<string, string> | null;
}

/** DESIGN §3.7's columns, in order. */
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

/** `cost_source` of a late event of an earlier closed month: the flag finance filters on. */
export const ADJUSTMENT = "adjustment";

type Cell = string | number | null | undefined;

export function csvColumns(event: boolean): readonly string[] {
  return event ? [...CSV_COLUMNS, ...EVENT_COLUMNS] : CSV_COLUMNS;
}

export function csvRow(r: ExportRow, event: boolean): Cell[] {
  const row: Cell[] = [
    r.date,
    r.provider,
    r.model,
    r.surface,
    r.environment,
    r.team,
    r.user,
    r.customer,
    r.feature,
    r.workflow,
    r.repo,
    r.tool,
    r.billable,
    r.adjustment ? ADJUSTMENT : r.cost_source,
    r.requests,
    r.input_tokens,
    r.output_tokens,
    r.cache_read_tokens,
    r.cache_write_tokens,
    r.cost_usd,
    r.list_cost_usd,
  ];
  if (event) row.push(r.id, r.timestamp, r.session, r.trace, r.pr);
  return row;
}
