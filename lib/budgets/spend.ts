import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { addDays, utcToday } from "@/lib/dates/calendar";
import { MEASURE_FIELD, type Measure } from "@/lib/effective/measures";
import { AppError } from "@/lib/errors";
import { spendFiltersFromText } from "@/lib/spend/filters";
import { listSpend } from "@/lib/spend/list-spend";
import { SpendInput } from "@/lib/spend/schemas";
import { RATE_DAYS, robustDailyRate } from "./forecast";
import type { PeriodBounds } from "./periods";

/**
 * A budget's filters as a spend query over its period: the same filter rules and the same rollups as
 * `GET /api/v1/spend`, so a budget's "spent" agrees with the Spend explorer to the last digit.
 */
export function budgetSpendInput(
  filters: Record<string, string>,
  bounds: Pick<PeriodBounds, "startDate" | "lastDate">,
  interval: "none" | "day" = "none",
): SpendInput {
  const { filters: spendFilters, errors } = spendFiltersFromText(Object.entries(filters).map(([dim, value]) => [dim, [value]] as const));
  const parsed = SpendInput.safeParse({
    from: bounds.startDate,
    to: bounds.lastDate,
    groupBy: [],
    interval,
    filters: spendFilters,
  });
  if (!parsed.success) for (const i of parsed.error.issues) errors.push({ path: i.path.map(String).join("."), message: i.message });
  if (errors.length > 0 || !parsed.success) {
    throw new AppError(
      "validation_failed",
      "Some fields are not valid; see the details.",
      errors.map((d) => ({ path: `filters.${d.path}`, message: d.message })),
    );
  }
  return parsed.data;
}

/**
 * Spend over the period for the filters in the budget's measure (`cost_usd` by default), as an exact decimal string,
 * read as the caller. Effective cost counts the period up to today: the plan fees of days still to come are not
 * spent yet (metered and list cost have nothing on those days anyway).
 */
export async function budgetSpent(
  ctx: Ctx,
  filters: Record<string, string>,
  bounds: PeriodBounds,
  measure: Measure = "cost",
  now = new Date(),
): Promise<string> {
  const today = utcToday(now);
  const lastDate = measure === "effective" && today < bounds.lastDate ? today : bounds.lastDate;
  const result = await listSpend(ctx, budgetSpendInput(filters, { startDate: bounds.startDate, lastDate }), {
    allocate: measure === "effective",
  });
  return result.totals[MEASURE_FIELD[measure]];
}

/**
 * The budget's robust daily rate (forecast.ts robustDailyRate): its spend per day over the RATE_DAYS full UTC days
 * before today, from the same daily rollups, median taken.
 */
export async function budgetDailyRate(
  ctx: Ctx,
  filters: Record<string, string>,
  measure: Measure = "cost",
  now = new Date(),
): Promise<string | undefined> {
  const yesterday = addDays(utcToday(now), -1);
  const input = budgetSpendInput(filters, { startDate: addDays(yesterday, 1 - RATE_DAYS), lastDate: yesterday }, "day");
  const result = await listSpend(ctx, input, { allocate: measure === "effective" });
  return robustDailyRate(
    result.rows.map((r) => ({ day: r.period as string, usd: r[MEASURE_FIELD[measure]] })),
    yesterday,
  );
}
