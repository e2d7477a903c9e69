"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guard";
import { type ImportPreview, importCustomers, previewCustomerImport } from "@/lib/customers/import-customers";
import { addQuota, createCustomer, deleteCustomer, deleteQuota, updateCustomer } from "@/lib/customers/manage-customers";
import { type ActionState, runAction } from "@/lib/http/action-state";

const PATH = "/settings/customers";
const FIELDS = ["external_id", "name", "tier", "monthly_revenue_usd"] as const;

function refresh() {
  revalidatePath(PATH);
  revalidatePath("/customers");
}

export async function saveCustomerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
  const id = String(form.get("id") ?? "");
  const result = await runAction(() => (id ? updateCustomer(ctx, id, values) : createCustomer(ctx, values).then(() => undefined)));
  if (!result.ok) return { ...result, values };
  refresh();
  if (id) redirect(PATH);
  return { ok: true, message: `Customer "${values.name?.trim()}" added.` };
}

export async function deleteCustomerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => deleteCustomer(ctx, String(form.get("id"))));
  if (result.ok) refresh();
  return result;
}

export async function addQuotaAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const values = {
    metric: String(form.get("metric") ?? ""),
    limit: String(form.get("limit") ?? ""),
    feature: String(form.get("feature") ?? ""),
  };
  const result = await runAction(() => addQuota(ctx, String(form.get("customer_id")), values).then(() => undefined));
  if (!result.ok) return { ...result, values };
  refresh();
  return { ok: true, message: "Quota added." };
}

export async function deleteQuotaAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => deleteQuota(ctx, String(form.get("id"))));
  if (result.ok) refresh();
  return result;
}

/** One form, two buttons: "Preview" checks every row and writes nothing; "Import" writes all rows or none. */
export async function importCsvAction(_prev: ActionState<ImportPreview>, form: FormData): Promise<ActionState<ImportPreview>> {
  const ctx = await requireUser();
  const file = form.get("file");
  const pasted = String(form.get("csv") ?? "");
  const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
  const values = { csv: text };
  if (form.get("intent") !== "import") {
    const result = await runAction(() => previewCustomerImport(ctx, text));
    return { ...result, values };
  }
  const result = await runAction(() => importCustomers(ctx, text));
  if (!result.ok) {
    const preview = await runAction(() => previewCustomerImport(ctx, text));
    return { ok: false, message: result.message, data: preview.data, values };
  }
  refresh();
  const { created, updated } = result.data ?? { created: 0, updated: 0 };
  return { ok: true, message: `Imported: ${created} added, ${updated} updated.` };
}
