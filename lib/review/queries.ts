import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { alerts, reviewMarks } from "@/db/schema";
import { visibleDeliveryError } from "@/lib/alerts/delivery-error";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { addWeeks, isoWeekOf } from "@/lib/dates/weeks";
import { listReviewCandidates, type ReviewCandidate } from "./list-items";
import type { CauseTag, ReviewStatus } from "./rules";

export interface ReviewItem extends ReviewCandidate {
  status: ReviewStatus;
  tags: CauseTag[];
  note: string | null;
  owner: string | null;
  /** Who marked it last, and when (null while open and unmarked). */
  marked_by: string | null;
  marked_at: string | null;
}

export interface Review {
  week: string;
  items: ReviewItem[];
}

/** Last week: the default review (the current one is still filling up). */
export function lastWeek(now = new Date()): string {
  return addWeeks(isoWeekOf(now), -1);
}

/** `GET /api/v1/review` and the Review screen: the week's most expensive requests and sessions, their reasons and marks. */
export async function getReview(ctx: Ctx, week: string): Promise<Review> {
  assertCan(ctx.actor, "dashboards:read");
  const [candidates, marks] = await Promise.all([
    listReviewCandidates(ctx, week),
    ctx.db
      .select({
        kind: reviewMarks.kind,
        id: reviewMarks.itemId,
        status: reviewMarks.status,
        tags: reviewMarks.tags,
        note: reviewMarks.note,
        owner: reviewMarks.owner,
        updatedBy: reviewMarks.updatedBy,
        updatedAt: reviewMarks.updatedAt,
      })
      .from(reviewMarks)
      .where(eq(reviewMarks.week, week)),
  ]);
  const byKey = new Map(marks.map((m) => [`${m.kind}\u0000${m.id}`, m]));
  return {
    week,
    items: candidates.map((c) => {
      const m = byKey.get(`${c.kind}\u0000${c.id}`);
      return {
        ...c,
        status: m?.status ?? "open",
        tags: (m?.tags ?? []) as CauseTag[],
        note: m?.note ?? null,
        owner: m?.owner ?? null,
        marked_by: m?.updatedBy ?? null,
        marked_at: m?.updatedAt.toISOString() ?? null,
      };
    }),
  };
}

export interface ReviewWeek {
  week: string;
  /** Items marked anything but open that week, and how many of those are fixed. */
  reviewed: number;
  fixed: number;
}

/** The weeks before `week` that have marks, newest first: the review's history. */
export async function listReviewHistory(ctx: Ctx, week: string, weeks = 12): Promise<ReviewWeek[]> {
  assertCan(ctx.actor, "dashboards:read");
  const from = addWeeks(week, -weeks);
  const rows = await queryRows<{ week: string; reviewed: number | string; fixed: number | string }>(
    ctx.db,
    sql`select week, count(*) filter (where status <> 'open') as reviewed, count(*) filter (where status = 'fixed') as fixed
      from ${reviewMarks} where ${and(gte(reviewMarks.week, from), sql`${reviewMarks.week} < ${week}`)}
      group by week order by week desc`,
  );
  return rows.map((r) => ({ week: r.week, reviewed: Number(r.reviewed), fixed: Number(r.fixed) }));
}

export interface DigestStatus {
  firedAt: Date;
  deliveredAt: Date | null;
  hasWebhook: boolean;
  attempts: number;
  lastError: string | null;
}

/** The week's digest (sent the Monday after it), if it went out. */
export async function getDigestStatus(ctx: Ctx, week: string): Promise<DigestStatus | null> {
  assertCan(ctx.actor, "dashboards:read");
  const [row] = await ctx.db
    .select({
      firedAt: alerts.firedAt,
      deliveredAt: alerts.deliveredAt,
      hasWebhook: sql<boolean>`${alerts.webhookUrl} is not null`,
      attempts: alerts.attempts,
      lastError: alerts.lastError,
    })
    .from(alerts)
    .where(eq(alerts.dedupeKey, `digest:${week}`));
  return row ? { ...row, lastError: visibleDeliveryError(ctx.actor, row.lastError) } : null;
}
