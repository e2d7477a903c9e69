import "server-only";
import { eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { periodBounds } from "./periods";
import { isUuid } from "./queries";
import { BudgetInput } from "./schemas";
import { budgetSpendInput } from "./spend";
import { assertWebhookUrl, webhookHost } from "./webhook-url";

/**
 * Changes a budget. Alerts already fired for the current period stay fired (they are keyed by budget, period and
 * threshold), so raising the amount mid-period never re-fires a passed threshold; lowering it can fire new ones.
 */
export async function updateBudget(ctx: Ctx, id: string, raw: unknown, now = new Date()): Promise<void> {
  assertCan(ctx.actor, "budgets:manage");
  const input = BudgetInput.parse(raw);
  budgetSpendInput(input.filters, periodBounds(input.period, now));
  assertWebhookUrl(input.webhook_url);
  if (!isUuid(id)) throw new AppError("not_found", "No budget with this id.");
  await withTransaction(ctx, async (ctx) => {
    const [before] = await ctx.db
      .select({ amountUsd: budgets.amountUsd, webhookUrl: budgets.webhookUrl })
      .from(budgets)
      .where(eq(budgets.id, id))
      .for("update");
    if (!before) throw new AppError("not_found", "No budget with this id.");
    await ctx.db
      .update(budgets)
      .set({
        name: input.name,
        amountUsd: input.amount_usd,
        period: input.period,
        filters: input.filters,
        thresholds: input.thresholds,
        webhookUrl: input.webhook_url ?? null,
        measure: input.measure,
        updatedAt: now,
      })
      .where(eq(budgets.id, id));
    await recordAudit(ctx, {
      action: "budget.updated",
      target: input.name,
      details: {
        id,
        amount_usd_before: before.amountUsd,
        amount_usd: input.amount_usd,
        measure: input.measure,
        webhook_host_before: webhookHost(before.webhookUrl),
        webhook_host: webhookHost(input.webhook_url),
      },
    });
  });
}
