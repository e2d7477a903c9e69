"use client";

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/format";

export interface SessionCallDatum {
  index: number;
  time: string;
  model: string;
  cost: string;
  cumulative: string;
}

/** Each call's cost as a bar and the running total as a line: a runaway agent is a line that keeps climbing. */
export function SessionCostChart({ calls, height = 260 }: { calls: SessionCallDatum[]; height?: number }) {
  const rows = calls.map((c) => ({ ...c, cost: Number(c.cost), cumulative: Number(c.cumulative) }));
  return (
    <ComposedChart responsive data={rows} style={{ width: "100%", height }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid vertical={false} stroke="#e2e8f0" />
      <XAxis dataKey="index" tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} minTickGap={20} />
      <YAxis
        yAxisId="call"
        tickFormatter={(v: number) => formatUsd(String(v))}
        tick={{ fontSize: 12, fill: "#64748b" }}
        tickLine={false}
        axisLine={false}
        width={60}
      />
      <YAxis
        yAxisId="total"
        orientation="right"
        tickFormatter={(v: number) => formatUsd(String(v))}
        tick={{ fontSize: 12, fill: "#64748b" }}
        tickLine={false}
        axisLine={false}
        width={64}
      />
      <Tooltip
        formatter={(value, name) => [formatUsd(String(value)), name === "cumulative" ? "Running total" : "This call"]}
        labelFormatter={(_, payload) => {
          const p = payload?.[0]?.payload as SessionCallDatum | undefined;
          return p ? `Call ${p.index} · ${p.time} · ${p.model}` : "";
        }}
        contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
      />
      <Bar yAxisId="call" dataKey="cost" fill="#fdba74" isAnimationActive={false} />
      <Line yAxisId="total" dataKey="cumulative" type="linear" stroke="#c2410c" strokeWidth={2} dot={false} isAnimationActive={false} />
    </ComposedChart>
  );
}
