import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { allBudgets, budgetStatus } from "@/lib/budgets/queries";
import { monthOfDay } from "@/lib/dates/months";
import { MEASURE_LABELS } from "@/lib/effective/measures";
import { formatUsd } from "@/lib/format";
import { globalAlertWebhook } from "./destination";
import { fireAlert } from "./fire-alert";
import { alertLinks } from "./link";

export interface FiredBudgetAlert {
  id: string;
  budgetId: string;
  threshold: number;
  periodStart: string;
}

/**
 * Fires every threshold each budget (or each of `only`) has reached in its current period and not fired yet. Safe to
 * run from any number of instances at once: the alert's key (budget, period start, threshold) is unique in the database.
 */
export async function evaluateBudgets(ctx: Ctx, now = new Date(), only?: ReadonlySet<string>): Promise<FiredBudgetAlert[]> {
  const fired: FiredBudgetAlert[] = [];
  const fallbackWebhook = (await globalAlertWebhook(ctx))?.url ?? null;
  for (const budget of await allBudgets(ctx)) {
    if (only && !only.has(budget.id)) continue;
    const status = await budgetStatus(ctx, budget, now);
    const spent = new Big(status.spentUsd);
    const amount = new Big(budget.amountUsd);
    for (const threshold of budget.thresholds) {
      if (spent.times(100).lt(amount.times(threshold))) continue;
      const spend = formatUsd(status.spentUsd);
      const of = formatUsd(amount.toFixed());
      const link = alertLinks.budget(budget, { start: status.periodStart, end: status.periodEnd });
      const measure = budget.measure === "cost" ? "" : ` ${MEASURE_LABELS[budget.measure].long.toLowerCase()}`;
      const message = `Budget "${budget.name}" reached ${threshold} %: ${spend}${measure} of ${of} (${status.percent} %) ${periodPhrase(budget.period, status.periodStart)}.`;
      const id = await fireAlert(ctx, {
        dedupeKey: `budget:${budget.id}:${status.periodStart}:${threshold}`,
        kind: "budget",
        budgetId: budget.id,
        threshold,
        periodStart: status.periodStart,
        subject: budget.name,
        message,
        details: {
          budget: budget.name,
          budget_id: budget.id,
          threshold,
          percent: status.percent,
          spend: status.spentUsd,
          amount: amount.toFixed(),
          period: { kind: budget.period, start: status.periodStart, end: status.periodEnd },
          filters: budget.filters,
          forecast: status.forecastUsd,
          link,
        },
        webhookUrl: budget.webhookUrl ?? fallbackWebhook,
      });
      if (id) fired.push({ id, budgetId: budget.id, threshold, periodStart: status.periodStart });
    }
  }
  return fired;
}

/** "on 2026-11-22", "in the week of 2026-11-16", "in 2026-11": the period an alert is about, whenever it is read. */
function periodPhrase(period: "day" | "week" | "month", start: string): string {
  if (period === "day") return `on ${start}`;
  if (period === "week") return `in the week of ${start}`;
  return `in ${monthOfDay(start)}`;
}
