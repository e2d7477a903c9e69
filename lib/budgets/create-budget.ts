import "server-only";
import { budgets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { periodBounds } from "./periods";
import { type Budget, type BudgetStatus, budgetStatus } from "./queries";
import { BudgetInput } from "./schemas";
import { budgetSpendInput } from "./spend";
import { assertWebhookUrl, webhookHost } from "./webhook-url";

/** Creates a budget (admins and finance); its thresholds are evaluated from the next evaluator run on. */
export async function createBudget(ctx: Ctx, raw: unknown, now = new Date()): Promise<BudgetStatus> {
  assertCan(ctx.actor, "budgets:manage");
  const input = BudgetInput.parse(raw);
  budgetSpendInput(input.filters, periodBounds(input.period, now)); // rejects filter values spend queries cannot take
  assertWebhookUrl(input.webhook_url);
  const created = await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .insert(budgets)
      .values({
        name: input.name,
        amountUsd: input.amount_usd,
        period: input.period,
        filters: input.filters,
        thresholds: input.thresholds,
        webhookUrl: input.webhook_url ?? null,
        measure: input.measure,
        createdBy: actorLabel(ctx.actor),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(ctx, {
      action: "budget.created",
      target: row.name,
      details: {
        id: row.id,
        amount_usd: input.amount_usd,
        period: input.period,
        filters: input.filters,
        thresholds: input.thresholds,
        measure: input.measure,
        webhook_host: webhookHost(input.webhook_url),
      },
    });
    return row as Budget;
  });
  return budgetStatus(ctx, created, now);
}
