import Big from "big.js";
import { monthRange } from "./dates/months";

/** The one money formatter: exact decimal strings in, display strings out (rounded only here, at the edge). */
export function formatUsd(value: string, opts: { precise?: boolean } = {}): string {
  const v = new Big(value);
  const abs = v.abs();
  const dp = opts.precise ? 4 : abs.gte(100) ? 0 : abs.gte(1) || abs.eq(0) ? 2 : abs.gte(0.01) ? 3 : 4;
  const [int = "0", frac] = abs.toFixed(dp, Big.roundHalfEven).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${v.lt(0) ? "−" : ""}$${grouped}${frac ? `.${frac}` : ""}`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return n.toLocaleString("en-US");
}

export function formatPercent(part: string, whole: string): string {
  const w = new Big(whole);
  if (w.eq(0)) return "—";
  return `${new Big(part).div(w).times(100).toFixed(1)}%`;
}

/** Dates on screen, all in UTC like every boundary (server-rendered, so one zone for everyone). */
const utcFormat = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { ...opts, timeZone: "UTC" });
const DATE_TIME = utcFormat({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const DATE = utcFormat({ day: "numeric", month: "short", year: "numeric" });
const DAY_MONTH = utcFormat({ day: "numeric", month: "short" });
const TIME = utcFormat({ hour: "2-digit", minute: "2-digit", second: "2-digit" });
const MONTH = utcFormat({ month: "long", year: "numeric" });
const SHORT_MONTH = utcFormat({ month: "short", year: "numeric" });

/** An instant, or a UTC day as `YYYY-MM-DD` (a date-only ISO string reads as that day's UTC midnight). */
type When = Date | string;
const at = (w: When) => (typeof w === "string" ? new Date(w) : w);

/** "22 Nov 2026, 14:05 UTC" ("22 Nov 2026, 14:05" under a "(UTC)" column heading); em dash for never. */
export function formatDateTime(d: When | null | undefined, { zone = true }: { zone?: boolean } = {}): string {
  if (!d) return "—";
  const text = DATE_TIME.format(at(d));
  return zone ? `${text} UTC` : text;
}

/** "22 Nov 2026" */
export function formatDate(d: When): string {
  return DATE.format(at(d));
}

/** "22 Nov" (chart axes) */
export function formatDayMonth(d: When): string {
  return DAY_MONTH.format(at(d));
}

/** "14:05:09" */
export function formatTime(d: When): string {
  return TIME.format(at(d));
}

/** "November 2026" for `2026-11`. */
export function formatMonth(month: string): string {
  return MONTH.format(monthRange(month).start);
}

/** "Nov 2026" for `2026-11`. */
export function formatShortMonth(month: string): string {
  return SHORT_MONTH.format(monthRange(month).start);
}

/** 850 ms · 12.4 s · 3 min 05 s · 2 h 14 min */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}
