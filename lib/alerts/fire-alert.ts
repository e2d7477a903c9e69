import "server-only";
import { sql } from "drizzle-orm";
import { type AlertKind, alerts } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";

export interface NewAlert {
  dedupeKey: string;
  kind: AlertKind;
  budgetId?: string | null;
  threshold?: number | null;
  periodStart: string;
  subject?: string | null;
  message: string;
  details: Record<string, unknown>;
  webhookUrl: string | null;
}

/**
 * Records an alert unless one with the same key exists: the database, not the scheduler, makes firing
 * exactly-once (a unique index and ON CONFLICT DO NOTHING), whatever number of evaluators race. Returns the
 * new alert's id, or null when it had already fired. With a webhook, the alert is queued for delivery now.
 */
export async function fireAlert(ctx: Ctx, alert: NewAlert): Promise<string | null> {
  const [row] = await ctx.db
    .insert(alerts)
    .values({
      dedupeKey: alert.dedupeKey,
      kind: alert.kind,
      budgetId: alert.budgetId ?? null,
      threshold: alert.threshold ?? null,
      periodStart: alert.periodStart,
      subject: alert.subject ?? null,
      message: alert.message,
      details: alert.details,
      webhookUrl: alert.webhookUrl,
      nextAttemptAt: alert.webhookUrl ? sql`now()` : null,
    })
    .onConflictDoNothing({ target: alerts.dedupeKey })
    .returning({ id: alerts.id });
  return row?.id ?? null;
}
