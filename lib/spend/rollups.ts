import type { Dimension } from "@/lib/dimensions/registry";
import { narrowestRollup, ROLLUPS, type RollupTable, rollupHolds } from "@/lib/dimensions/rollups";

export { ROLLUPS, type Rollup, type RollupTable } from "@/lib/dimensions/rollups";

/** Where a spend query reads from: one of the rollups, or the events themselves. */
export type SpendSource = RollupTable | "events";

export function sourceHolds(source: SpendSource, dims: readonly Dimension[]): boolean {
  const rollup = ROLLUPS.find((r) => r.table === source);
  return !rollup || rollupHolds(rollup, dims);
}

/** The narrowest rollup holding every given dimension, or "events" (branch, pr, session and trace live only there). */
export function spendSource(dims: readonly Dimension[]): SpendSource {
  return narrowestRollup(dims)?.table ?? "events";
}
