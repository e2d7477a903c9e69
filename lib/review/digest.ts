import "server-only";
import Big from "big.js";
import { and, eq } from "drizzle-orm";
import { alerts } from "@/db/schema";
import { globalAlertWebhook } from "@/lib/alerts/destination";
import { fireAlert } from "@/lib/alerts/fire-alert";
import { alertLinks } from "@/lib/alerts/link";
import type { Ctx } from "@/lib/auth/actor";
import { addWeeks, isoWeekOf, weekRange } from "@/lib/dates/weeks";
import { formatUsd } from "@/lib/format";
import { listSpend } from "@/lib/spend/list-spend";
import { getReview } from "./queries";

/** The digest goes out from Monday 09:00 UTC (or at the job's next hourly catch-up run, if the app was down then). */
export const DIGEST_HOUR_UTC = 9;
const TOP_ITEMS = 5;

export interface WeeklyDigest {
  text: string;
  details: {
    week: string;
    spend_usd: string;
    previous_spend_usd: string;
    change_percent: string | null;
    top: { kind: string; id: string; cost_usd: string; reason: string | null }[];
    /** Items of the week before's review still open: what was left undone. */
    left_open: { week: string; open: number; total: number };
    link: string;
  };
}

/** Last week's digest: its spend against the week before, its most expensive items, and what the previous review left open. */
export async function buildWeeklyDigest(ctx: Ctx, week: string): Promise<WeeklyDigest | null> {
  const before = addWeeks(week, -1);
  const spendOf = async (w: string) => {
    const r = weekRange(w);
    return (await listSpend(ctx, { from: r.firstDay, to: r.lastDay, groupBy: [], interval: "none", filters: {} })).totals;
  };
  const [spend, previous, review, previousReview] = await Promise.all([
    spendOf(week),
    spendOf(before),
    getReview(ctx, week),
    getReview(ctx, before),
  ]);
  // A week with no usage at all has nothing to say (and a fresh install posts nothing).
  if (spend.requests === 0) return null;
  const cost = new Big(spend.cost_usd);
  const prev = new Big(previous.cost_usd);
  const change = prev.eq(0) ? null : cost.minus(prev).div(prev).times(100).toFixed(1);
  const top = review.items
    .slice(0, TOP_ITEMS)
    .map((i) => ({ kind: i.kind, id: i.id, cost_usd: i.list_cost_usd, reason: i.reasons[0] ?? null }));
  const leftOpen = {
    week: before,
    open: previousReview.items.filter((i) => i.status === "open").length,
    total: previousReview.items.length,
  };
  const link = alertLinks.digest(week);
  const { firstDay, lastDay } = weekRange(week);
  const lines = [
    `*Burnrate weekly review ${week}* (${firstDay} – ${lastDay}): spent ${formatUsd(spend.cost_usd)}${
      change === null
        ? ""
        : ` (${Number(change) >= 0 ? "▲" : "▼"} ${Math.abs(Number(change)).toFixed(1)}% vs ${formatUsd(previous.cost_usd)} the week before)`
    }.`,
    ...top.map((t, n) => `${n + 1}. ${t.kind} ${t.id}: ${formatUsd(t.cost_usd)}${t.reason ? ` — ${t.reason}` : ""}`),
    leftOpen.total > 0 ? `Left open from ${before}: ${leftOpen.open} of ${leftOpen.total} items.` : `No review items in ${before}.`,
  ];
  return {
    text: lines.join("\n"),
    details: {
      week,
      spend_usd: spend.cost_usd,
      previous_spend_usd: previous.cost_usd,
      change_percent: change,
      top,
      left_open: leftOpen,
      link,
    },
  };
}

/**
 * Queues last week's digest to the global alert webhook (Settings → Alerts, else `ALERT_WEBHOOK_URL`) once Monday 09:00 UTC has passed: the weekly-digest job
 * (lib/jobs/jobs.ts), at that time, when the runner starts and hourly. The alert's dedupe key (`digest:<week>`) makes it
 * exactly once per week, however often it runs, and the alert outbox delivers it with the same retries as any alert.
 * Returns the digest alert's id when this call queued it.
 */
export async function sendWeeklyDigest(ctx: Ctx, now = new Date(), webhookUrl?: string | null): Promise<string | null> {
  const thisWeek = isoWeekOf(now);
  if (now.getTime() < weekRange(thisWeek).start.getTime() + DIGEST_HOUR_UTC * 3_600_000) return null;
  const week = addWeeks(thisWeek, -1);
  const dedupeKey = `digest:${week}`;
  // Cheap check first: every run of the week after the first finds it already sent.
  const [sent] = await ctx.db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.dedupeKey, dedupeKey), eq(alerts.kind, "digest")));
  if (sent) return null;
  const digest = await buildWeeklyDigest(ctx, week);
  if (!digest) return null;
  return fireAlert(ctx, {
    dedupeKey,
    kind: "digest",
    periodStart: weekRange(week).firstDay,
    subject: week,
    message: digest.text,
    details: digest.details,
    webhookUrl: webhookUrl === undefined ? ((await globalAlertWebhook(ctx))?.url ?? null) : webhookUrl,
  });
}

/** The digest as a step of the alert evaluator's run (lib/jobs hands it in), so it is queued before the outbox is delivered. */
