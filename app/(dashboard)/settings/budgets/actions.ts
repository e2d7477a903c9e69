"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guard";
import { createBudget } from "@/lib/budgets/create-budget";
import { deleteBudget } from "@/lib/budgets/delete-budget";
import { getBudget } from "@/lib/budgets/queries";
import { updateBudget } from "@/lib/budgets/update-budget";
import { type ActionState, runAction } from "@/lib/http/action-state";
import { AppError } from "@/lib/http/app-error";

const PATH = "/settings/budgets";
const FILTER_ROWS = 3; // budget-form.tsx renders as many filter rows

/** The form's fields as the API's budget body, so both share one validation (BudgetInput). */
function budgetFromForm(form: FormData) {
  const filters: Record<string, string> = {};
  for (let i = 0; i < FILTER_ROWS; i++) {
    const dim = String(form.get(`filter_dim_${i}`) ?? "");
    const value = String(form.get(`filter_value_${i}`) ?? "").trim();
    if (dim && value) filters[dim] = value;
  }
  const thresholds = String(form.get("thresholds") ?? "")
    .split(/[,\s%]+/)
    .filter(Boolean)
    .map((t) => (/^\d+$/.test(t) ? Number(t) : Number.NaN));
  return {
    name: String(form.get("name") ?? ""),
    amount_usd: String(form.get("amount_usd") ?? ""),
    period: String(form.get("period") ?? ""),
    filters,
    thresholds: thresholds.length > 0 ? thresholds : undefined,
    webhook_url: String(form.get("webhook_url") ?? "").trim(),
  };
}

/** Field errors name the form's inputs: `thresholds.1` → `thresholds`, `filters.team` → `filters`. */
function formErrors(state: ActionState<unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(state.fieldErrors ?? {})) {
    const [head, tail] = path.split(".");
    const key = head ?? path;
    out[key] ??= key === "filters" && tail ? `${tail}: ${message}` : message;
  }
  return out;
}

export async function createBudgetAction(_prev: ActionState<{ name: string }>, form: FormData): Promise<ActionState<{ name: string }>> {
  const ctx = await requireUser("budgets:manage");
  const result = await runAction(async () => ({ name: (await createBudget(ctx, budgetFromForm(form))).name }));
  if (result.ok) {
    revalidatePath(PATH);
    return result;
  }
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  return { ...result, fieldErrors: formErrors(result), values };
}

export async function changeAmountAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser("budgets:manage");
  const id = String(form.get("id") ?? "");
  const result = await runAction(async () => {
    const budget = await getBudget(ctx, id);
    if (!budget) throw new AppError("not_found", "This budget no longer exists.");
    await updateBudget(ctx, id, {
      name: budget.name,
      amount_usd: String(form.get("amount_usd") ?? ""),
      period: budget.period,
      filters: budget.filters,
      thresholds: budget.thresholds,
      webhook_url: budget.webhookUrl,
    });
  }, "Amount saved. Thresholds already passed this period stay fired.");
  if (result.ok) revalidatePath(PATH);
  return { ...result, fieldErrors: formErrors(result) };
}

export async function deleteBudgetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser("budgets:manage");
  const result = await runAction(() => deleteBudget(ctx, String(form.get("id") ?? "")));
  if (result.ok) revalidatePath(PATH);
  return result;
}
