"use client";

import Big from "big.js";
import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { Bar, CartesianGrid, Cell, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { monthOfDay } from "@/lib/dates/months";
import { formatDayMonth, formatPercent, formatShortMonth, formatUsd } from "@/lib/format";
import { ChartLegend, type LegendEntry, LineKey } from "./chart-legend";
import { seriesColors } from "./colors";
import { type ChartDrill, drillHref } from "./drill";
import { bucketRange, type ChartPeriod, type PartialBucket, partialBucket, periodEnd } from "./periods";

export interface SpendDatum {
  /** Period start, YYYY-MM-DD. */
  date: string;
  /** Exact decimal strings per series key, converted to numbers only for drawing. */
  values: Record<string, string>;
  /** Average daily spend over the 7 days ending this day (drawn as a line when given). */
  rolling7?: string;
}

export interface ChartSeries {
  /** Data key: plain ids ("s0", a provider name), never a label with dots (Recharts reads dots as paths). */
  key: string;
  label: string;
  /** The group's value (URL form, "" = not set): the series' colour and its drill-down filter. Defaults to the label. */
  value?: string;
  /** "Other" is drawn in light gray, last, and has no drill-down; "not set" is a darker gray. */
  bucket?: "other" | "not-set";
}

const AVERAGE_COLOR = "#0f172a";
const axisUsd = (v: number) => (v >= 1000 ? `$${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : `$${v >= 10 ? v.toFixed(0) : v.toFixed(1)}`);

/**
 * Spend per period stacked by series, with an optional rolling 7-day average line. With `period`, a first or last
 * bucket that is only partly covered (or still running) is hatched and says so; with `drill`, a click on a
 * segment or a legend entry opens the Spend explorer filtered by that series (a segment also narrows to its days).
 */
export function DailySpendChart({
  data,
  series,
  interval = "day",
  height = 280,
  period,
  drill,
  legend = "inline",
  grow = false,
}: {
  data: SpendDatum[];
  series: ChartSeries[];
  interval?: "day" | "week" | "month";
  height?: number;
  period?: ChartPeriod;
  drill?: ChartDrill;
  legend?: "inline" | "list";
  /** Take the height the parent leaves (a flex column), at least `height`. */
  grow?: boolean;
}) {
  const router = useRouter();
  const patternId = `hatch-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const groupValue = (s: ChartSeries) => s.value ?? s.label;
  const colors = seriesColors(series.map((s) => ({ key: s.key, name: groupValue(s), bucket: s.bucket })));
  const withRolling = data.some((d) => d.rolling7 !== undefined);
  const partials = new Map<string, PartialBucket>();
  if (period)
    for (const d of data) {
      const p = partialBucket(d.date, interval, period);
      if (p) partials.set(d.date, p);
    }
  const label = (d: string) =>
    interval === "month" ? formatShortMonth(monthOfDay(d)) : interval === "week" ? `Week of ${formatDayMonth(d)}` : formatDayMonth(d);
  const rows = data.map((d) => ({
    date: d.date,
    ...(withRolling ? { rolling7: Number(d.rolling7 ?? 0) } : {}),
    ...Object.fromEntries(series.map((s) => [s.key, Number(d.values[s.key] ?? 0)])),
  }));
  // A bar's days: its period, clipped to the chart's range.
  const daysOf = (date: string) => (period ? bucketRange(date, interval, period) : { from: date, to: periodEnd(date, interval) });
  const hrefOf = (s: ChartSeries, date?: string) =>
    drill && s.bucket !== "other" ? drillHref(drill, groupValue(s), date ? daysOf(date) : undefined) : undefined;

  const grand = data.reduce((sum, d) => series.reduce((acc, s) => acc.plus(d.values[s.key] ?? 0), sum), new Big(0));
  const entries: LegendEntry[] = series.map((s) => {
    const total = data.reduce((sum, d) => sum.plus(d.values[s.key] ?? 0), new Big(0)).toString();
    return {
      key: s.key,
      label: s.label,
      color: colors[s.key] ?? "#64748b",
      href: hrefOf(s),
      ...(legend === "list" ? { total: formatUsd(total), share: formatPercent(total, grand.toString()) } : {}),
    };
  });
  const partialNote = [...partials.values()].map((p) => `${label(p.start)} (${coverage(p, interval)})`).join("; ");

  return (
    <figure className={clsx("m-0", grow && "flex flex-1 flex-col")}>
      <div
        className={clsx("[&_.drill_.recharts-bar-rectangle]:cursor-pointer", grow && "relative flex-1")}
        style={grow ? { minHeight: height } : undefined}
      >
        <ComposedChart
          responsive
          data={rows}
          style={grow ? { position: "absolute", inset: 0 } : { width: "100%", height }}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        >
          <defs>
            {series.map((s) => (
              <pattern
                key={s.key}
                id={`${patternId}-${s.key}`}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill={colors[s.key]} fillOpacity={0.3} />
                <rect width="3" height="6" fill={colors[s.key]} />
              </pattern>
            ))}
          </defs>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="date"
            tickFormatter={(d) => (interval === "week" ? formatDayMonth(String(d)) : label(String(d)))}
            tick={{ fontSize: 12, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis tickFormatter={axisUsd} tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} />
          <Tooltip
            formatter={(value, name) => [formatUsd(String(value)), String(name)]}
            labelFormatter={(d) => {
              const p = partials.get(String(d));
              return p ? `${label(String(d))} · partial: ${coverage(p, interval)}` : label(String(d));
            }}
            contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
          />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              className={hrefOf(s) ? "drill" : undefined}
              stackId="spend"
              fill={colors[s.key]}
              isAnimationActive={false}
              onClick={(item) => {
                const href = hrefOf(s, String(item.payload?.date ?? ""));
                if (href) router.push(href);
              }}
            >
              {rows.map((r) => (
                <Cell key={r.date} fill={partials.has(r.date) ? `url(#${patternId}-${s.key})` : colors[s.key]} />
              ))}
            </Bar>
          ))}
          {withRolling ? (
            <Line
              dataKey="rolling7"
              name="7-day average"
              type="monotone"
              stroke={AVERAGE_COLOR}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
        </ComposedChart>
      </div>
      <ChartLegend
        entries={entries}
        layout={legend}
        extra={
          <>
            {withRolling ? <LineKey color={AVERAGE_COLOR} label="7-day average" /> : null}
            {partials.size > 0 ? (
              <span className="flex items-center gap-1.5">
                <span
                  aria-hidden
                  className="inline-block size-2.5 rounded-sm bg-[repeating-linear-gradient(45deg,#64748b_0_2px,#e2e8f0_2px_4px)]"
                />
                <span>
                  Partial {interval}
                  {partials.size > 1 ? "s" : ""}: {partialNote}
                </span>
              </span>
            ) : null}
          </>
        }
      />
    </figure>
  );
}

/** "today so far", "1–6 Dec so far", "10–30 Sept only". */
function coverage(p: PartialBucket, interval: "day" | "week" | "month"): string {
  if (p.from > p.to) return "not begun";
  const days = p.from === p.to ? formatDayMonth(p.from) : `${formatDayMonth(p.from)} – ${formatDayMonth(p.to)}`;
  if (p.running) return interval === "day" ? "today so far" : `${days} so far`;
  return `${days} only`;
}
