import "server-only";
import Big from "big.js";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { DIMENSIONS } from "@/lib/spend/dimensions";
import { allBudgets, type Budget, type BudgetStatus, budgetStatus } from "./queries";

export interface BudgetCheck {
  allowed: boolean;
  budgets: BudgetStatus[];
}

/** The query of `GET /api/v1/budgets/check`: one value per dimension (what the agent is about to run as). */
export function parseCheckQuery(params: URLSearchParams): Record<string, string> {
  const errors: { path: string; message: string }[] = [];
  const query: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    if (!(DIMENSIONS as readonly string[]).includes(key)) errors.push({ path: key, message: "is not a known dimension" });
    else if (params.getAll(key).length > 1) errors.push({ path: key, message: "must be given once" });
    else query[key] = key === "provider" ? (params.get(key) ?? "").toLowerCase() : (params.get(key) ?? "");
  }
  if (errors.length > 0) throw new AppError("invalid_query", "The query string is not valid.", errors);
  return query;
}

/** A budget applies to a run when every one of its filters is satisfied by the run's dimensions (no filters: always). */
export function budgetMatches(filters: Record<string, string>, query: Record<string, string>): boolean {
  return Object.entries(filters).every(([dim, value]) => query[dim] === (dim === "provider" ? value.toLowerCase() : value));
}

/** The runaway-agent guard: the matching budgets now, and whether any of them is at or over 100 %. */
export async function checkBudgets(ctx: Ctx, query: Record<string, string>, now = new Date()): Promise<BudgetCheck> {
  assertCan(ctx.actor, "dashboards:read");
  const matching: Budget[] = (await allBudgets(ctx)).filter((b) => budgetMatches(b.filters, query));
  const statuses = await Promise.all(matching.map((b) => budgetStatus(ctx, b, now)));
  return { allowed: statuses.every((s) => new Big(s.remainingUsd).gt(0)), budgets: statuses };
}
