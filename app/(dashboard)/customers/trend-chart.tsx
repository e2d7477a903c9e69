"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/customers/report";
import { formatShortMonth, formatUsd } from "@/lib/format";

const NAMES: Record<string, string> = { billable: "Billable cost", non_billable: "Non-billable cost", revenue: "Revenue" };
const axisUsd = (v: number) => (v >= 1000 ? `$${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : `$${v >= 10 ? v.toFixed(0) : v.toFixed(1)}`);

/** Cost to serve per month (billable and not, stacked) against the month's revenue (when the viewer may see it). */
export function TrendChart({ data }: { data: TrendPoint[] }) {
  const rows = data.map((p) => ({
    month: p.month,
    billable: Number(p.billable_cost_usd),
    non_billable: Number(p.non_billable_cost_usd),
    ...(p.revenue_usd === undefined ? {} : { revenue: Number(p.revenue_usd) }),
  }));
  const exact = new Map(data.map((p) => [p.month, p]));
  const exactValue = (month: string, key: string) => {
    const p = exact.get(month);
    if (!p) return "0";
    if (key === "billable") return p.billable_cost_usd;
    if (key === "revenue") return p.revenue_usd ?? "0";
    return p.non_billable_cost_usd;
  };
  return (
    <ComposedChart responsive data={rows} style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke="#e2e8f0" />
      <XAxis
        dataKey="month"
        tickFormatter={(m) => formatShortMonth(String(m))}
        tick={{ fontSize: 12, fill: "#64748b" }}
        tickLine={false}
        axisLine={false}
      />
      <YAxis tickFormatter={axisUsd} tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} />
      <Tooltip
        formatter={(_value, key, item) => [
          formatUsd(exactValue(String(item.payload?.month), String(key))),
          NAMES[String(key)] ?? String(key),
        ]}
        labelFormatter={(m) => formatShortMonth(String(m))}
        contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
      />
      <Legend formatter={(key) => NAMES[String(key)] ?? String(key)} wrapperStyle={{ fontSize: 12 }} />
      <Bar dataKey="billable" stackId="cost" fill="#f97316" isAnimationActive={false} />
      <Bar dataKey="non_billable" stackId="cost" fill="#cbd5e1" isAnimationActive={false} />
      {data.some((p) => p.revenue_usd !== undefined) ? (
        <Line dataKey="revenue" type="stepAfter" stroke="#0f172a" strokeWidth={2} dot={false} isAnimationActive={false} />
      ) : null}
    </ComposedChart>
  );
}
