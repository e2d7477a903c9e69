import "server-only";
import type { DbOrTx } from "@/db/client";
import { systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/http/app-error";
import { listSpend } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { parseSpendQuery } from "@/lib/spend/schemas";
import type { PeriodBounds } from "./periods";

/**
 * A budget's filters as a spend query over its period: the same parsing and the same rollups as
 * `GET /api/v1/spend`, so a budget's "spent" agrees with the Spend explorer to the last digit.
 */
export function budgetSpendInput(filters: Record<string, string>, bounds: Pick<PeriodBounds, "startDate" | "lastDate">): SpendInput {
  try {
    return parseSpendQuery(new URLSearchParams({ ...filters, from: bounds.startDate, to: bounds.lastDate }));
  } catch (err) {
    if (err instanceof AppError && err.details) {
      throw new AppError(
        "validation_failed",
        "Some fields are not valid; see the details.",
        err.details.map((d) => ({ path: `filters.${d.path}`, message: d.message })),
      );
    }
    throw err;
  }
}

/** Metered spend (`cost_usd`) over the period for the filters, as an exact decimal string. */
export async function budgetSpent(db: DbOrTx, filters: Record<string, string>, bounds: PeriodBounds): Promise<string> {
  const result = await listSpend(systemContext(db, "budgets"), budgetSpendInput(filters, bounds));
  return result.totals.cost_usd;
}
