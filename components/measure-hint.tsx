import { MEASURE_FIELD, MEASURE_LABELS, type Measure } from "@/lib/effective/measures";
import { formatUsd } from "@/lib/format";

type Totals = { cost_usd: string; effective_cost_usd: string; list_cost_usd: string };

/** Under a total in one measure: the other two, so a reader sees how they relate (effective = metered + plan fees). */
export function MeasureHint({ measure, totals }: { measure: Measure; totals: Totals }) {
  const others = (["effective", "cost", "list"] as const).filter((m) => m !== measure);
  return (
    <span title={MEASURE_LABELS[measure].help}>
      {others.map((m, i) => (
        <span key={m}>
          {i > 0 ? " · " : ""}
          {MEASURE_LABELS[m].short} {formatUsd(totals[MEASURE_FIELD[m]])}
        </span>
      ))}
    </span>
  );
}
