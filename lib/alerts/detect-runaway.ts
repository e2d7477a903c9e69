import { utcToday } from "@/lib/dates/calendar";
import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { formatUsd } from "@/lib/format";
import { globalAlertWebhook } from "./destination";
import { fireAlert } from "./fire-alert";
import { alertLinks } from "./link";

/**
 * Runaway sessions: a session whose metered spend in the hour up to now passes BURNRATE_RUNAWAY_SESSION_USD.
 * Checked on every evaluator run (so the window rolls with it); one alert per session and UTC day.
 */
export async function detectRunawaySessions(ctx: Ctx, now = new Date()): Promise<string[]> {
  const e = env();
  if (e.BURNRATE_RUNAWAY_SESSION_USD <= 0) return [];
  const today = utcToday(now);
  const rows = await queryRows<{ session: string; cost_usd: string; requests: string }>(
    ctx.db,
    sql`select session, sum(cost_usd)::text as cost_usd, count(*)::text as requests
      from events
      where session is not null
        and "timestamp" > ${now.toISOString()}::timestamptz - interval '1 hour'
        and "timestamp" <= ${now.toISOString()}::timestamptz
      group by session
      having sum(cost_usd) > ${String(e.BURNRATE_RUNAWAY_SESSION_USD)}::numeric
      order by sum(cost_usd) desc
      limit 100`,
  );
  const fired: string[] = [];
  const webhookUrl = rows.length > 0 ? ((await globalAlertWebhook(ctx))?.url ?? null) : null;
  for (const r of rows) {
    const link = alertLinks.runaway(r.session);
    const id = await fireAlert(ctx, {
      dedupeKey: `runaway:${r.session}:${today}`,
      kind: "runaway",
      periodStart: today,
      subject: r.session,
      message: `Runaway session "${r.session}": ${formatUsd(r.cost_usd)} in the last hour over ${r.requests} requests (threshold ${formatUsd(String(e.BURNRATE_RUNAWAY_SESSION_USD))}).`,
      details: {
        session: r.session,
        spend: r.cost_usd,
        requests: Number(r.requests),
        threshold_usd: String(e.BURNRATE_RUNAWAY_SESSION_USD),
        period: { kind: "hour", end: now.toISOString() },
        link,
      },
      webhookUrl,
    });
    if (id) fired.push(id);
  }
  return fired;
}
