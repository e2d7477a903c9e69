import "server-only";
import { sql } from "drizzle-orm";
import { reviewMarks } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { MarkInput } from "./schemas";

/** Saves a teammate's mark on a review item (any signed-in role may review); the latest save wins, the audit log keeps each. */
export async function markReviewItem(ctx: Ctx, input: unknown): Promise<void> {
  assertCan(ctx.actor, "review:write");
  const m = MarkInput.parse(input);
  const values = {
    status: m.status,
    tags: [...new Set(m.tags)],
    note: m.note,
    owner: m.owner,
    updatedBy: actorLabel(ctx.actor),
    updatedAt: sql`now()`,
  };
  await withTransaction(ctx, async (ctx) => {
    await ctx.db
      .insert(reviewMarks)
      .values({ week: m.week, kind: m.kind, itemId: m.id, ...values })
      .onConflictDoUpdate({ target: [reviewMarks.week, reviewMarks.kind, reviewMarks.itemId], set: values });
    await recordAudit(ctx, {
      action: "review.marked",
      target: `${m.week} ${m.kind} ${m.id}`,
      details: { status: m.status, tags: values.tags, owner: m.owner },
    });
  });
}
