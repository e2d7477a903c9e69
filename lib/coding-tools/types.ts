import type { CodingToolSource } from "@/db/schema";
import type { CostRow } from "@/lib/providers/types";

/**
 * One line of a coding tool's usage, in the contract's conventions: it becomes one event (`tool` and `agent` = the
 * source). Tokens are in DESIGN §2's convention (input includes cache reads and writes); `cost_usd` is an exact decimal
 * string: the vendor's charge (metered, `surface: api`) or the API-equivalent value of usage a seat includes
 * (`surface: plan`, kept as list cost).
 */
export interface ToolUsage {
  /** Unique within the source and day, stable across syncs: the event id is made from it. */
  key: string;
  timestamp: Date;
  provider: string;
  model: string;
  surface: "api" | "plan";
  plan?: string;
  user?: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: string;
  status: "ok" | "error";
  tags?: Record<string, string>;
}

/** What a person did with the tool in a day (tool_activity). */
export interface ToolActivityRow {
  identity: string;
  sessions?: number;
  linesAdded?: number;
  linesRemoved?: number;
  commits?: number;
  pullRequests?: number;
  accepted?: number;
  rejected?: number;
  requests?: number;
  details?: Record<string, string | number | boolean | null>;
}

/** Everything a source reports for one UTC day, replaced as a whole. */
export interface ToolDay {
  day: string;
  usage: ToolUsage[];
  activity: ToolActivityRow[];
  /** What the vendor charged that day (provider_costs, for Reconciliation); `model` '' when a line names none. */
  charges: Omit<CostRow, "day">[];
}

/** A seat identity the vendor names, and the alias kind it is. */
export interface SeatIdentity {
  kind: "email" | "cursor_email" | "copilot_login";
  value: string;
}

/** The vendor's seats as a plan: created on the first sync, its seats and holders kept in step after. */
export interface SeatPlan {
  name: string;
  vendor: string;
  tool: string;
  seats: number;
  /** Used when the plan is created; an admin's later change of the fee is kept. */
  feePerSeatUsd: string;
  holders: SeatIdentity[];
}

export interface ToolSource {
  source: CodingToolSource;
  /** Each UTC day from `from` (inclusive) to `to` (exclusive), `YYYY-MM-DD`, in order, once it is read completely. */
  days(from: string, to: string): AsyncIterable<ToolDay>;
  /** The seats the vendor bills, or null when the source has none to report. */
  seats(): Promise<SeatPlan | null>;
  /** One small authenticated request: throws ProviderError when the key or the endpoint does not work. */
  testConnection(): Promise<void>;
}
