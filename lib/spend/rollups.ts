import type { Dimension } from "./dimensions";

/**
 * The daily rollups ingest maintains in the same statement as the event insert, narrowest first. Each is keyed
 * by day and an md5 of its dimensions. A spend query reads the first one holding every dimension it groups or
 * filters by: the narrow ones leave out the tags whose cardinality grows with the traffic (user, customer,
 * prompt version; repo and tool in the core one), so their size per day stays flat as events grow.
 */
export const ROLLUPS = [
  {
    table: "event_rollup_daily_core",
    dims: ["provider", "model", "surface", "plan", "environment", "team", "feature", "workflow", "agent", "billable", "cost_source"],
  },
  {
    table: "event_rollup_daily_repo_tool",
    dims: [
      "provider",
      "model",
      "surface",
      "plan",
      "environment",
      "team",
      "feature",
      "workflow",
      "repo",
      "tool",
      "agent",
      "billable",
      "cost_source",
    ],
  },
  {
    table: "event_rollup_daily",
    dims: [
      "provider",
      "model",
      "surface",
      "plan",
      "environment",
      "team",
      "user",
      "customer",
      "feature",
      "workflow",
      "repo",
      "tool",
      "agent",
      "prompt_version",
      "billable",
      "cost_source",
    ],
  },
] as const satisfies readonly { table: string; dims: readonly Dimension[] }[];

export type Rollup = (typeof ROLLUPS)[number];
export type RollupTable = Rollup["table"];
/** Where a spend query reads from: one of the rollups, or the events themselves. */
export type SpendSource = RollupTable | "events";

export function sourceHolds(source: SpendSource, dims: readonly Dimension[]): boolean {
  const rollup = ROLLUPS.find((r) => r.table === source);
  return !rollup || dims.every((d) => (rollup.dims as readonly Dimension[]).includes(d));
}

/** The narrowest rollup holding every given dimension, or "events" (branch, pr, session and trace live only there). */
export function spendSource(dims: readonly Dimension[]): SpendSource {
  return ROLLUPS.find((r) => sourceHolds(r.table, dims))?.table ?? "events";
}

const NOT_NULL: ReadonlySet<Dimension> = new Set(["provider", "model", "surface", "environment", "billable", "cost_source"]);

const column = (d: Dimension) => (d === "user" ? `"user"` : d);

/** The rollup's dimension columns, as SQL text. */
export function rollupDimsSql(r: Rollup): string {
  return r.dims.map(column).join(", ");
}

/** The rollup key: md5 over the dimensions, with control characters (rejected in input) as separator and null marker. */
export function rollupKeySql(r: Rollup): string {
  const parts = r.dims.map((d) => (d === "billable" ? "billable::text" : NOT_NULL.has(d) ? column(d) : `coalesce(${column(d)}, chr(1))`));
  return `md5(concat_ws(chr(31), ${parts.join(", ")}))`;
}
