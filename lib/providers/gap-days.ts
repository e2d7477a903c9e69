import Big from "big.js";
import { usdString } from "@/lib/money";
import type { ReconciliationRow } from "./reconciliation";

/** A day is flagged when the bill and the events differ by more than this share of the bill. */
export const GAP_THRESHOLD = 0.05;

export interface GapDay {
  date: string;
  reported: string;
  attributed: string;
  gap: string;
  /** Share of the bill no event accounts for (0 when events cover it all); null without a bill that day. */
  untaggedPercent: number | null;
  overThreshold: boolean;
}

/** A bill row or a day is over the threshold when |gap| > 5 % of the bill, or events exist without any bill. */
export function isOverThreshold(reported: string, attributed: string): boolean {
  const r = new Big(reported);
  const gap = r.minus(attributed).abs();
  if (r.eq(0)) return gap.gt(0);
  return gap.div(r).gt(GAP_THRESHOLD);
}

export function untaggedPercent(reported: string, attributed: string): number | null {
  const r = new Big(reported);
  if (r.lte(0)) return null;
  const gap = r.minus(attributed);
  return gap.lte(0) ? 0 : gap.div(r).times(100).round(1).toNumber();
}

/** The reconciliation rows summed per day (every provider and model), oldest first. */
export function gapDays(rows: ReconciliationRow[]): GapDay[] {
  const days = new Map<string, { reported: Big; attributed: Big }>();
  for (const r of rows) {
    const d = days.get(r.date) ?? { reported: new Big(0), attributed: new Big(0) };
    d.reported = d.reported.plus(r.reported_cost_usd);
    d.attributed = d.attributed.plus(r.attributed_cost_usd);
    days.set(r.date, d);
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => {
      const reported = usdString(d.reported);
      const attributed = usdString(d.attributed);
      return {
        date,
        reported,
        attributed,
        gap: usdString(d.reported.minus(d.attributed)),
        untaggedPercent: untaggedPercent(reported, attributed),
        overThreshold: isOverThreshold(reported, attributed),
      };
    });
}
