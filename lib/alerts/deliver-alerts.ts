import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { retryDelaySeconds, slackPayload } from "./payload";
import { postToWebhook } from "./post-webhook";

/** How long a claimed delivery is hidden from other instances while it is being sent (send timeout + margin). */
const CLAIM_SECONDS = 60;
const BATCH = 20;

interface Claimed {
  id: string;
  webhook_url: string;
  attempts: number;
  message: string;
  kind: string;
  details: Record<string, unknown>;
}

export interface DeliveryReport {
  delivered: number;
  failed: number;
}

/**
 * Sends due alerts from the outbox. Each is claimed first (FOR UPDATE SKIP LOCKED, then its next attempt pushed
 * past the send timeout), so two instances never POST the same alert at the same time; a failure schedules the
 * next attempt with exponential backoff, until BURNRATE_ALERT_MAX_ATTEMPTS; a target the outbound guard refuses fails
 * at once.
 */
export async function deliverPendingAlerts(ctx: Ctx): Promise<DeliveryReport> {
  const e = env();
  const report: DeliveryReport = { delivered: 0, failed: 0 };
  for (;;) {
    const claimed = await queryRows<Claimed>(
      ctx.db,
      sql`update alerts set attempts = attempts + 1, last_attempt_at = now(),
          next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
        where id in (
          select id from alerts
          where delivered_at is null and next_attempt_at is not null and next_attempt_at <= now()
          order by next_attempt_at
          limit ${BATCH}
          for update skip locked)
        returning id, webhook_url, attempts, message, kind, details`,
    );
    if (claimed.length === 0) return report;
    await Promise.all(
      claimed.map(async (a) => {
        const failure = await post(a);
        if (failure === null) {
          report.delivered++;
          await ctx.db.execute(sql`update alerts set delivered_at = now(), next_attempt_at = null, last_error = null where id = ${a.id}`);
          return;
        }
        report.failed++;
        const giveUp = failure.permanent || a.attempts >= e.BURNRATE_ALERT_MAX_ATTEMPTS;
        const delay = retryDelaySeconds(a.attempts, e.BURNRATE_ALERT_RETRY_BASE_SECONDS);
        await ctx.db.execute(
          sql`update alerts set last_error = ${failure.error},
              next_attempt_at = ${giveUp ? sql`null` : sql`now() + make_interval(secs => ${delay})`}
            where id = ${a.id}`,
        );
      }),
    );
    if (claimed.length < BATCH) return report;
  }
}

/**
 * POSTs one alert: null on a 2xx, else a short reason kept as `last_error` (shown in full to admins only), and
 * whether retrying is pointless (the outbound guard refused the target).
 */
async function post(a: Claimed): Promise<{ error: string; permanent: boolean } | null> {
  const outcome = await postToWebhook(a.webhook_url, slackPayload(a));
  if (outcome.kind === "delivered") return null;
  if (outcome.kind === "http_error") return { error: `HTTP ${outcome.status}`, permanent: false };
  return { error: outcome.error, permanent: outcome.kind === "refused" };
}
