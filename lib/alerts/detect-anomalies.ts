import { utcToday } from "@/lib/dates/calendar";
import "server-only";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { sqlColumn } from "@/lib/dimensions/registry";
import { rollupFor } from "@/lib/dimensions/rollups";
import { env } from "@/lib/env";
import { formatUsd } from "@/lib/format";
import { BASELINE_DAYS, type DayStats, detectAnomaly } from "./anomaly-rules";
import { globalAlertWebhook } from "./destination";
import { fireAlert } from "./fire-alert";
import { alertLinks } from "./link";

/** The dimensions watched for anomalies (DESIGN: team, feature, model, user); one rollup holds them all. */
export const ANOMALY_DIMENSIONS = ["team", "feature", "model", "user"] as const;
export type AnomalyDimension = (typeof ANOMALY_DIMENSIONS)[number];
const ROLLUP = sql.identifier(rollupFor(ANOMALY_DIMENSIONS));

interface Row {
  value: string;
  model: string;
  day: string;
  cost_usd: string;
  requests: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
}

/**
 * For each team, feature, model and user: today's spend (UTC) against the mean of the 7 days before; fires one
 * anomaly alert per dimension, value and day (the key is unique in the database). A dimension with no spend in the
 * trailing 7 days has no baseline and is skipped. Returns the new alerts' ids.
 */
export async function detectAnomalies(ctx: Ctx, now = new Date()): Promise<string[]> {
  const e = env();
  const today = utcToday(now);
  const fired: string[] = [];
  const webhookUrl = (await globalAlertWebhook(ctx))?.url ?? null;
  for (const dim of ANOMALY_DIMENSIONS) {
    const col = sql.raw(sqlColumn(dim));
    const rows = await queryRows<Row>(
      ctx.db,
      sql`select ${col} as value, model, to_char(day, 'YYYY-MM-DD') as day,
          sum(cost_usd)::text as cost_usd, sum(requests)::text as requests, sum(errors)::text as errors,
          sum(input_tokens)::text as input_tokens, sum(output_tokens)::text as output_tokens,
          sum(cache_read_tokens)::text as cache_read_tokens
        from ${ROLLUP}
        where day between ${today}::date - ${BASELINE_DAYS}::int and ${today}::date and ${col} is not null
        group by 1, 2, 3`,
    );
    // No spend at all in the 7 days before (a new install, or a dimension nobody tagged until today): no baseline
    // to compare against, so every value would look new. Stay quiet rather than alert on everything.
    if (!rows.some((r) => r.day !== today && Number(r.cost_usd) > 0)) continue;
    for (const [value, days] of bySubject(rows)) {
      const todayStats = days.get(today);
      if (!todayStats) continue;
      const trailing = [...days.entries()].filter(([d]) => d !== today).map(([, s]) => s);
      const anomaly = detectAnomaly(todayStats, trailing, { factor: e.BURNRATE_ANOMALY_FACTOR, floorUsd: e.BURNRATE_ANOMALY_FLOOR_USD });
      if (!anomaly) continue;
      const cause = anomaly.causes[0]?.description ?? "no single cause stands out in requests, tokens, cache, models or errors";
      const vs =
        anomaly.ratio === null ? "no spend in the 7 days before" : `${anomaly.ratio}× the 7-day mean of ${formatUsd(anomaly.meanUsd)}`;
      const link = alertLinks.anomaly(dim, value, today);
      const id = await fireAlert(ctx, {
        dedupeKey: `anomaly:${dim}:${value}:${today}`,
        kind: "anomaly",
        periodStart: today,
        subject: `${dim}=${value}`,
        message: `Anomaly: ${dim} "${value}" spent ${formatUsd(anomaly.todayUsd)} today, ${vs}. Likely cause: ${cause}.`,
        details: {
          dimension: dim,
          value,
          spend: anomaly.todayUsd,
          mean_usd: anomaly.meanUsd,
          ratio: anomaly.ratio,
          causes: anomaly.causes,
          period: { kind: "day", start: today, end: today },
          link,
        },
        webhookUrl,
      });
      if (id) fired.push(id);
    }
  }
  return fired;
}

function bySubject(rows: Row[]): Map<string, Map<string, DayStats>> {
  const out = new Map<string, Map<string, DayStats>>();
  for (const r of rows) {
    const days = out.get(r.value) ?? new Map<string, DayStats>();
    out.set(r.value, days);
    const s = days.get(r.day) ?? { costUsd: "0", requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, models: {} };
    days.set(r.day, {
      costUsd: new Big(s.costUsd).plus(r.cost_usd).toFixed(),
      requests: s.requests + Number(r.requests),
      errors: s.errors + Number(r.errors),
      inputTokens: s.inputTokens + Number(r.input_tokens),
      outputTokens: s.outputTokens + Number(r.output_tokens),
      cacheReadTokens: s.cacheReadTokens + Number(r.cache_read_tokens),
      models: { ...s.models, [r.model]: new Big(s.models[r.model] ?? "0").plus(r.cost_usd).toFixed() },
    });
  }
  return out;
}
