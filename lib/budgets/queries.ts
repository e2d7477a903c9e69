import "server-only";
import { asc, eq } from "drizzle-orm";
import { type BudgetMeasure, type BudgetPeriod, budgets } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { type BudgetProjection, projectBudget } from "./forecast";
import { periodBounds } from "./periods";
import { budgetDailyRate, budgetSpent } from "./spend";

export interface Budget {
  id: string;
  name: string;
  amountUsd: string;
  period: BudgetPeriod;
  filters: Record<string, string>;
  thresholds: number[];
  webhookUrl: string | null;
  measure: BudgetMeasure;
  createdBy: string;
  createdAt: Date;
}

export interface BudgetStatus extends Budget, BudgetProjection {
  periodStart: string;
  periodEnd: string;
  spentUsd: string;
}

const columns = {
  id: budgets.id,
  name: budgets.name,
  amountUsd: budgets.amountUsd,
  period: budgets.period,
  filters: budgets.filters,
  thresholds: budgets.thresholds,
  webhookUrl: budgets.webhookUrl,
  measure: budgets.measure,
  createdBy: budgets.createdBy,
  createdAt: budgets.createdAt,
};

/** Every budget, oldest first (no permission check: the evaluator reads them as the system). */
export async function allBudgets(ctx: Ctx): Promise<Budget[]> {
  return ctx.db.select(columns).from(budgets).orderBy(asc(budgets.createdAt), asc(budgets.id));
}

export async function getBudget(ctx: Ctx, id: string): Promise<Budget | null> {
  assertCan(ctx.actor, "dashboards:read");
  if (!isUuid(id)) return null;
  const [row] = await ctx.db.select(columns).from(budgets).where(eq(budgets.id, id));
  return row ?? null;
}

/** A budget's current period: spent, percent, remaining and the forecast to the period's end. */
export async function budgetStatus(ctx: Ctx, budget: Budget, now = new Date()): Promise<BudgetStatus> {
  const bounds = periodBounds(budget.period, now);
  const [spentUsd, dailyRateUsd] = await Promise.all([
    budgetSpent(ctx, budget.filters, bounds, budget.measure, now),
    budgetDailyRate(ctx, budget.filters, budget.measure, now),
  ]);
  return {
    ...budget,
    periodStart: bounds.startDate,
    periodEnd: bounds.lastDate,
    spentUsd,
    ...projectBudget({ spentUsd, amountUsd: budget.amountUsd, start: bounds.start, end: bounds.end, now, dailyRateUsd }),
  };
}

/** `GET /api/v1/budgets`, Settings → Budgets and the Overview strip: every budget with its status now. */
export async function listBudgets(ctx: Ctx, now = new Date()): Promise<BudgetStatus[]> {
  assertCan(ctx.actor, "dashboards:read");
  const all = await allBudgets(ctx);
  return Promise.all(all.map((b) => budgetStatus(ctx, b, now)));
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
