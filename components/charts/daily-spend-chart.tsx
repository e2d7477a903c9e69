"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/format";
import { seriesColors } from "./colors";

export interface DailySpendDatum {
  date: string;
  /** Exact decimal strings per series, converted to numbers only for drawing. */
  values: Record<string, string>;
  rolling7: string;
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const label = (d: string) => DAY.format(new Date(`${d}T00:00:00Z`));
const axisUsd = (v: number) => (v >= 1000 ? `$${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : `$${v >= 10 ? v.toFixed(0) : v.toFixed(1)}`);

/** Daily metered spend stacked by series (providers), with the rolling 7-day average as a line. */
export function DailySpendChart({ data, series, height = 280 }: { data: DailySpendDatum[]; series: string[]; height?: number }) {
  const colors = seriesColors(series);
  const rows = data.map((d) => ({
    date: d.date,
    rolling7: Number(d.rolling7),
    ...Object.fromEntries(series.map((s) => [s, Number(d.values[s] ?? 0)])),
  }));
  return (
    <ComposedChart responsive data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke="#e2e8f0" />
      <XAxis
        dataKey="date"
        tickFormatter={label}
        tick={{ fontSize: 12, fill: "#64748b" }}
        tickLine={false}
        axisLine={false}
        minTickGap={24}
      />
      <YAxis tickFormatter={axisUsd} tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} />
      <Tooltip
        formatter={(value, name) => [formatUsd(String(value)), name === "rolling7" ? "7-day average" : String(name)]}
        labelFormatter={(d) => label(String(d))}
        contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
      />
      <Legend formatter={(name) => (name === "rolling7" ? "7-day average" : name)} wrapperStyle={{ fontSize: 12 }} />
      {series.map((s) => (
        <Bar key={s} dataKey={s} stackId="spend" fill={colors[s]} isAnimationActive={false} />
      ))}
      <Line dataKey="rolling7" type="monotone" stroke="#0f172a" strokeWidth={2} dot={false} isAnimationActive={false} />
    </ComposedChart>
  );
}
