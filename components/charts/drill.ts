/**
 * Where a click on a chart series goes: the Spend explorer filtered by the series. `query` is the view to drill
 * from (the explorer's own URL on the explorer, the chart's range and grouping elsewhere), without the table's
 * keys; the series' filter replaces any earlier one on its dimension.
 */
export interface ChartDrill {
  query: string;
  /** The dimension the series are values of (a key of `GET /api/v1/spend`: provider, model, team…). */
  dimension: string;
}

/** The explorer URL of one series (`value` "" is "not set"), narrowed to one bucket's days when given. */
export function drillHref(drill: ChartDrill, value: string, days?: { from: string; to: string }): string {
  const q = new URLSearchParams(drill.query);
  q.delete(drill.dimension);
  q.append(drill.dimension, value);
  if (days) {
    q.set("from", days.from);
    q.set("to", days.to);
    // The explorer picks the interval that suits the shorter range.
    q.delete("interval");
  }
  return `/spend?${q}`;
}
