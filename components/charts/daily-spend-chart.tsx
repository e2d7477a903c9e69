"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { monthOfDay } from "@/lib/dates/months";
import { formatDayMonth, formatShortMonth, formatUsd } from "@/lib/format";
import { OTHER_COLOR, seriesColors } from "./colors";

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
  /** Drawn in gray, after the others. */
  other?: boolean;
}

const axisUsd = (v: number) => (v >= 1000 ? `$${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : `$${v >= 10 ? v.toFixed(0) : v.toFixed(1)}`);

/** Spend per period stacked by series, with an optional rolling 7-day average line. */
export function DailySpendChart({
  data,
  series,
  interval = "day",
  height = 280,
}: {
  data: SpendDatum[];
  series: ChartSeries[];
  interval?: "day" | "week" | "month";
  height?: number;
}) {
  const colors = seriesColors(series.filter((s) => !s.other).map((s) => s.key));
  const labels = new Map(series.map((s) => [s.key, s.label]));
  const order = new Map(series.map((s, i) => [s.key, i]));
  const withRolling = data.some((d) => d.rolling7 !== undefined);
  const label = (d: string) =>
    interval === "month" ? formatShortMonth(monthOfDay(d)) : interval === "week" ? `Week of ${formatDayMonth(d)}` : formatDayMonth(d);
  const rows = data.map((d) => ({
    date: d.date,
    ...(withRolling ? { rolling7: Number(d.rolling7 ?? 0) } : {}),
    ...Object.fromEntries(series.map((s) => [s.key, Number(d.values[s.key] ?? 0)])),
  }));
  const nameOf = (key: string) => (key === "rolling7" ? "7-day average" : (labels.get(key) ?? key));
  return (
    <ComposedChart responsive data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
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
        formatter={(value, key) => [formatUsd(String(value)), nameOf(String(key))]}
        labelFormatter={(d) => label(String(d))}
        contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
      />
      <Legend
        itemSorter={(item) => order.get(String(item.dataKey)) ?? series.length}
        formatter={(key) => nameOf(String(key))}
        wrapperStyle={{ fontSize: 12 }}
      />
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} stackId="spend" fill={s.other ? OTHER_COLOR : colors[s.key]} isAnimationActive={false} />
      ))}
      {withRolling ? (
        <Line dataKey="rolling7" type="monotone" stroke="#0f172a" strokeWidth={2} dot={false} isAnimationActive={false} />
      ) : null}
    </ComposedChart>
  );
}
