import { type Dimension, dimensionSpec, dimensionsWhere, STORED_DIMENSIONS, type StoredDimension, sqlColumn } from "./registry";

/**
 * The daily rollups ingest maintains in the same statement as the event insert, narrowest first. Each is keyed
 * by day and an md5 of its dimensions (the ones declaring it in the registry). A query reads the first one holding
 * every dimension it groups or filters by: the narrow ones leave out the tags whose cardinality grows with the
 * traffic (user, customer, prompt version; repo and tool in the core one), so their size per day stays flat as
 * events grow.
 */
const TABLES = {
  core: "event_rollup_daily_core",
  repo_tool: "event_rollup_daily_repo_tool",
  wide: "event_rollup_daily",
} as const;

export type RollupName = keyof typeof TABLES;
export type RollupTable = (typeof TABLES)[RollupName];

export interface Rollup {
  name: RollupName;
  table: RollupTable;
  /** Its dimension columns, in registry order (the order of the rollup key). */
  dims: readonly StoredDimension[];
  /** The dimensions a query can group and filter by when it reads this rollup: its columns and those resolved from them. */
  holds: readonly Dimension[];
}

export const ROLLUPS: readonly Rollup[] = (Object.keys(TABLES) as RollupName[]).map((name) => ({
  name,
  table: TABLES[name],
  dims: STORED_DIMENSIONS.filter((d) => dimensionSpec(d).rollups.includes(name)),
  holds: dimensionsWhere((s) => s.rollups.includes(name)),
}));

/** The table of a rollup. */
export const rollupTable = (name: RollupName): RollupTable => TABLES[name];

export function rollupHolds(r: Rollup, dims: readonly Dimension[]): boolean {
  return dims.every((d) => r.holds.includes(d));
}

/** The narrowest rollup holding every given dimension, if any does. */
export function narrowestRollup(dims: readonly Dimension[]): Rollup | undefined {
  return ROLLUPS.find((r) => rollupHolds(r, dims));
}

/** The table of the narrowest rollup holding every given dimension (for queries over dimensions some rollup holds). */
export function rollupFor(dims: readonly Dimension[]): RollupTable {
  const rollup = narrowestRollup(dims);
  if (!rollup) throw new Error(`no rollup holds ${dims.join(", ")}`);
  return rollup.table;
}

/** The rollup's dimension columns, as SQL text. */
export function rollupDimsSql(r: Rollup): string {
  return r.dims.map(sqlColumn).join(", ");
}

/** The rollup key: md5 over the dimensions, with control characters (rejected in input) as separator and null marker. */
export function rollupKeySql(r: Rollup): string {
  const parts = r.dims.map((d) => {
    const { type, notNull } = dimensionSpec(d);
    const value = type === "text" ? sqlColumn(d) : `${sqlColumn(d)}::text`;
    return notNull ? value : `coalesce(${value}, chr(1))`;
  });
  return `md5(concat_ws(chr(31), ${parts.join(", ")}))`;
}
