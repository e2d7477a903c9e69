import "server-only";
import { eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isUuid } from "./queries";

/** Deletes a budget; its fired alerts stay in the history. 404 for an unknown id. */
export async function deleteBudget(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "budgets:manage");
  if (!isUuid(id)) throw new AppError("not_found", "No budget with this id.");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db.delete(budgets).where(eq(budgets.id, id)).returning({ name: budgets.name });
    if (!row) throw new AppError("not_found", "No budget with this id.");
    await recordAudit(ctx, { action: "budget.deleted", target: row.name, details: { id } });
  });
}
