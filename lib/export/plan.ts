import { utcToday } from "@/lib/dates/calendar";
import { addMonths, monthEnded, monthRange } from "@/lib/dates/months";

export interface MonthClose {
  month: string;
  closedAt: Date;
}

/** Late events of the closed month `month` received in `(after, upTo]` (`upTo` null: up to now) belong to this export. */
export interface AdjustmentSource {
  month: string;
  after: Date;
  upTo: Date | null;
}

export interface ExportPlan {
  month: string;
  start: Date;
  end: Date;
  firstDay: string;
  lastDay: string;
  /** When the month was closed: its own events count only if received by then. */
  closedAt: Date | null;
  /**
   * The last day whose plan fees the export holds: the month's last day once it has ended (or is closed); for the
   * month in progress, today (UTC) — fees to date, the same rule as `/api/v1/spend` and the Overview; null for a
   * month that has not begun.
   */
  feesThrough: string | null;
  adjustments: AdjustmentSource[];
}

/**
 * What a month's export holds, given the closed months. A late event (received after its month M was closed)
 * belongs to the first month after M that was still open when the event arrived: for month N, every month
 * from M to N-1 was closed by then, so it arrived after the latest of those closes, and (if N is closed) no later
 * than N's close. Walking back from N-1 through the unbroken run of closed months gives each M its window.
 */
export function exportPlan(month: string, closes: readonly MonthClose[], now = new Date()): ExportPlan {
  const closedAtOf = new Map(closes.map((c) => [c.month, c.closedAt.getTime()]));
  const closed = closedAtOf.get(month);
  const closedAt = closed === undefined ? null : new Date(closed);
  const adjustments: AdjustmentSource[] = [];
  let after = Number.NEGATIVE_INFINITY;
  for (let m = addMonths(month, -1); closedAtOf.has(m); m = addMonths(m, -1)) {
    after = Math.max(after, closedAtOf.get(m) as number);
    if (closed === undefined || after < closed) adjustments.push({ month: m, after: new Date(after), upTo: closedAt });
  }
  const range = monthRange(month);
  const today = utcToday(now);
  const feesThrough = closedAt || monthEnded(month, now) ? range.lastDay : today >= range.firstDay ? today : null;
  return { month, ...range, closedAt, feesThrough, adjustments };
}
