"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guard";
import { type ActionState, runAction } from "@/lib/http/action-state";
import { createPlan, deletePlan, updatePlan } from "@/lib/plans/manage-plans";

const PATH = "/settings/plans";
const FIELDS = ["name", "vendor", "tool", "seats", "fee_per_seat_usd", "start_date", "end_date", "included_requests_per_seat"] as const;

export async function savePlanAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
  const id = String(form.get("id") ?? "");
  const result = await runAction(() => (id ? updatePlan(ctx, id, values) : createPlan(ctx, values).then(() => undefined)));
  if (!result.ok) return { ...result, values };
  revalidatePath(PATH);
  revalidatePath("/surfaces");
  if (id) redirect(PATH);
  return { ok: true, message: `Plan "${values.name?.trim()}" added.` };
}

export async function deletePlanAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => deletePlan(ctx, String(form.get("id"))));
  if (result.ok) {
    revalidatePath(PATH);
    revalidatePath("/surfaces");
  }
  return result;
}
