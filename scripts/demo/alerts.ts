import { inArray, sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { alerts } from "@/db/schema";
import { detectAnomalies } from "@/lib/alerts/detect-anomalies";
import { detectRunawaySessions } from "@/lib/alerts/detect-runaway";
import { evaluateBudgets } from "@/lib/alerts/evaluate-budgets";
import { evaluateQuotas } from "@/lib/alerts/evaluate-quotas";
import { systemContext } from "@/lib/auth/actor";
import { createBudget } from "@/lib/budgets/create-budget";
import { addDays, DAY_MS, dayMs, periodStart, utcToday } from "@/lib/dates/calendar";
import { env } from "@/lib/env";
import { DEMO_BUDGETS } from "./budgets";

export interface DemoAlertCounts {
  budget: number;
  anomaly: number;
  runaway: number;
  quota: number;
}

/**
 * Replays the alert evaluator over the demo's history, as the job runner would have run it, each alert stamped with
 * the moment it would have fired: anomalies at the end of each past day, runaway sessions at the end of each hour a
 * session spent past the limit, each budget at the end of each of its past periods, quotas at the end of last month.
 * Budgets and quotas only at their periods' ends because what they measure is the whole period's: a monthly budget
 * evaluated on the 10th of a past month would see the rest of that month. Then everything once at `now`; the server's
 * own evaluator takes over from there.
 */
export async function replayDemoAlerts(db: Db, now: Date): Promise<DemoAlertCounts> {
  const ctx = systemContext(db, "demo");
  const counts: DemoAlertCounts = { budget: 0, anomaly: 0, runaway: 0, quota: 0 };
  const stamp = async (kind: keyof DemoAlertCounts, ids: string[], at: Date) => {
    counts[kind] += ids.length;
    if (ids.length > 0 && at < now) await db.update(alerts).set({ firedAt: at }).where(inArray(alerts.id, ids));
  };
  const endOf = (day: string) => new Date(dayMs(day) + DAY_MS - 1);
  const today = utcToday(now);
  const [first] = await queryRows<{ day: string | null }>(db, sql`select min("timestamp")::date::text as day from events`);
  if (!first?.day) return counts;
  const pastDays: string[] = [];
  for (let day = first.day; day < today; day = addDays(day, 1)) pastDays.push(day);

  // A week of history first: the anomaly baseline is the 7 days before.
  for (const day of pastDays.slice(7)) await stamp("anomaly", await detectAnomalies(ctx, endOf(day)), endOf(day));

  const hours = await queryRows<{ hour: string }>(
    db,
    sql`select distinct date_trunc('hour', "timestamp") + interval '1 hour' as hour from events
      where session is not null and "timestamp" < ${now.toISOString()}::timestamptz
      group by session, date_trunc('hour', "timestamp")
      having sum(cost_usd) > ${String(env().BURNRATE_RUNAWAY_SESSION_USD)}::numeric
      order by 1`,
  );
  for (const { hour } of hours) {
    const at = new Date(hour);
    if (at <= now) await stamp("runaway", await detectRunawaySessions(ctx, at), at);
  }

  for (const b of DEMO_BUDGETS) {
    const { id } = await createBudget(ctx, b, now);
    const only = new Set([id]);
    for (const day of pastDays) {
      const next = addDays(day, 1);
      if (periodStart(next, b.period) === next)
        await stamp(
          "budget",
          (await evaluateBudgets(ctx, endOf(day), only)).map((a) => a.id),
          endOf(day),
        );
    }
  }
  const lastMonthEnd = addDays(periodStart(today, "month"), -1);
  if (lastMonthEnd >= first.day)
    await stamp(
      "quota",
      (await evaluateQuotas(ctx, endOf(lastMonthEnd))).map((a) => a.id),
      endOf(lastMonthEnd),
    );

  await stamp(
    "budget",
    (await evaluateBudgets(ctx, now)).map((a) => a.id),
    now,
  );
  await stamp(
    "quota",
    (await evaluateQuotas(ctx, now)).map((a) => a.id),
    now,
  );
  return counts;
}
