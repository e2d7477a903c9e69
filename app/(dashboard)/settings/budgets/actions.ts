"use server";

import { z } from "zod";
import { createBudget } from "@/lib/budgets/create-budget";
import { deleteBudget } from "@/lib/budgets/delete-budget";
import { getBudget } from "@/lib/budgets/queries";
import { updateBudget } from "@/lib/budgets/update-budget";
import { AppError } from "@/lib/errors";
import { action } from "@/lib/http/action";
import { formText, IdForm } from "@/lib/http/form-data";
import { toAppError } from "@/lib/http/respond";

const PATH = "/settings/budgets";
const FILTER_ROWS = 3; // budget-form.tsx renders as many filter rows

/** The filter rows come as `filter_dim_<i>` / `filter_value_<i>` pairs. */
const BudgetForm = z
  .object({
    name: formText(),
    amount_usd: formText(),
    period: formText(),
    thresholds: formText(),
    webhook_url: formText(),
    measure: formText(),
  })
  .catchall(formText());
const AmountForm = z.object({ id: formText(), amount_usd: formText() });

/** The form's fields as the API's budget body, so both share one validation (BudgetInput). */
function budgetFromForm(form: z.output<typeof BudgetForm>) {
  const filters: Record<string, string> = {};
  for (let i = 0; i < FILTER_ROWS; i++) {
    const dim = form[`filter_dim_${i}`] ?? "";
    const value = (form[`filter_value_${i}`] ?? "").trim();
    if (dim && value) filters[dim] = value;
  }
  const thresholds = form.thresholds
    .split(/[,\s%]+/)
    .filter(Boolean)
    .map((t) => (/^\d+$/.test(t) ? Number(t) : Number.NaN));
  return {
    name: form.name,
    amount_usd: form.amount_usd,
    period: form.period,
    filters,
    thresholds: thresholds.length > 0 ? thresholds : undefined,
    webhook_url: form.webhook_url.trim(),
    measure: form.measure || undefined,
  };
}

/** Field errors name the form's inputs: `thresholds.1` → `thresholds`, `filters.team` → `filters` (the first error each). */
async function withFormPaths<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const appError = toAppError(err);
    if (!appError.details) throw err;
    const byInput = new Map<string, string>();
    for (const { path, message } of appError.details) {
      const [head, tail] = path.split(".");
      const key = head ?? path;
      if (!byInput.has(key)) byInput.set(key, key === "filters" && tail ? `${tail}: ${message}` : message);
    }
    const details = [...byInput].map(([path, message]) => ({ path, message }));
    throw new AppError(appError.code, appError.message, details, { cause: err });
  }
}

export const createBudgetAction = action(
  { permission: "budgets:manage", schema: BudgetForm, revalidate: [PATH], values: (input) => input },
  async (ctx, input) => {
    const budget = await withFormPaths(() => createBudget(ctx, budgetFromForm(input)));
    return { data: { name: budget.name } };
  },
);

export const changeAmountAction = action(
  {
    permission: "budgets:manage",
    schema: AmountForm,
    revalidate: [PATH],
    success: "Amount saved. Thresholds already passed this period stay fired.",
  },
  async (ctx, { id, amount_usd }) => {
    const budget = await getBudget(ctx, id);
    if (!budget) throw new AppError("not_found", "This budget no longer exists.");
    await withFormPaths(() =>
      updateBudget(ctx, id, {
        name: budget.name,
        amount_usd,
        period: budget.period,
        filters: budget.filters,
        thresholds: budget.thresholds,
        webhook_url: budget.webhookUrl,
        measure: budget.measure,
      }),
    );
  },
);

export const deleteBudgetAction = action({ permission: "budgets:manage", schema: IdForm, revalidate: [PATH] }, async (ctx, { id }) => {
  await deleteBudget(ctx, id);
});
