import { utcToday } from "@/lib/dates/calendar";
import "server-only";
import { and, desc, eq, gte, ne, type SQL, sql } from "drizzle-orm";
import { type AlertKind, alerts } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { visibleDeliveryError } from "./delivery-error";
import type { DeliveryState } from "./schemas";

export interface AlertRow {
  id: string;
  kind: AlertKind;
  budgetId: string | null;
  threshold: number | null;
  periodStart: string;
  subject: string | null;
  message: string;
  details: Record<string, unknown>;
  firedAt: Date;
  hasWebhook: boolean;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** Where an alert's delivery stands: sent, waiting for its first try, failed and retrying, given up, or nowhere to send. */
export function deliveryState(a: Pick<AlertRow, "hasWebhook" | "attempts" | "nextAttemptAt" | "deliveredAt">): DeliveryState {
  if (a.deliveredAt) return "delivered";
  if (!a.hasWebhook) return "no_webhook";
  if (a.nextAttemptAt === null) return "failed";
  return a.attempts === 0 ? "pending" : "retrying";
}

const STATE_SQL: Record<DeliveryState, SQL> = {
  delivered: sql`${alerts.deliveredAt} is not null`,
  no_webhook: sql`${alerts.deliveredAt} is null and ${alerts.webhookUrl} is null`,
  failed: sql`${alerts.deliveredAt} is null and ${alerts.webhookUrl} is not null and ${alerts.nextAttemptAt} is null`,
  pending: sql`${alerts.deliveredAt} is null and ${alerts.nextAttemptAt} is not null and ${alerts.attempts} = 0`,
  retrying: sql`${alerts.deliveredAt} is null and ${alerts.nextAttemptAt} is not null and ${alerts.attempts} > 0`,
};

/** Alerts newest first, for `GET /api/v1/alerts`, the Alerts screen and the Overview strip. */
export async function listAlerts(
  ctx: Ctx,
  input: { since: Date; kind?: AlertKind; delivery?: DeliveryState; limit?: number },
): Promise<AlertRow[]> {
  assertCan(ctx.actor, "dashboards:read");
  // The weekly digest shares the outbox but is not an alert (DESIGN §3.6's kinds); the Review screen shows it.
  const where = [gte(alerts.firedAt, input.since), ne(alerts.kind, "digest")];
  if (input.kind) where.push(eq(alerts.kind, input.kind));
  if (input.delivery) where.push(STATE_SQL[input.delivery]);
  const rows = await ctx.db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      budgetId: alerts.budgetId,
      threshold: alerts.threshold,
      periodStart: alerts.periodStart,
      subject: alerts.subject,
      message: alerts.message,
      details: alerts.details,
      firedAt: alerts.firedAt,
      hasWebhook: sql<boolean>`${alerts.webhookUrl} is not null`,
      attempts: alerts.attempts,
      nextAttemptAt: alerts.nextAttemptAt,
      lastError: alerts.lastError,
      deliveredAt: alerts.deliveredAt,
    })
    .from(alerts)
    .where(and(...where))
    .orderBy(desc(alerts.firedAt), desc(alerts.id))
    .limit(input.limit ?? 1000);
  return rows.map((r) => ({ ...r, lastError: visibleDeliveryError(ctx.actor, r.lastError) }));
}

/** Today's (UTC) anomaly and runaway alerts: what the Overview strip calls open. */
export async function listOpenAnomalies(ctx: Ctx, now = new Date()): Promise<AlertRow[]> {
  assertCan(ctx.actor, "dashboards:read");
  const today = utcToday(now);
  const rows = await listAlerts(ctx, { since: new Date(`${today}T00:00:00Z`), limit: 50 });
  return rows.filter((r) => (r.kind === "anomaly" || r.kind === "runaway") && r.periodStart === today);
}

/** An alert as `GET /api/v1/alerts` shows it (DESIGN §3.6), plus its delivery state. */
export function toApiAlert(a: AlertRow) {
  return {
    id: a.id,
    kind: a.kind,
    ...(a.budgetId ? { budget_id: a.budgetId } : {}),
    ...(a.threshold !== null ? { threshold: a.threshold } : {}),
    period_start: a.periodStart,
    fired_at: a.firedAt.toISOString(),
    message: a.message,
    delivered: a.deliveredAt !== null,
    delivery: { state: deliveryState(a), attempts: a.attempts, last_error: a.lastError },
  };
}
