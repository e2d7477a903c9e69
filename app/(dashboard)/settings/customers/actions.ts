"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ImportPreview, importCustomers, previewCustomerImport } from "@/lib/customers/import-customers";
import { addQuota, createCustomer, deleteCustomer, deleteQuota, updateCustomer } from "@/lib/customers/manage-customers";
import { action } from "@/lib/http/action";
import { runAction } from "@/lib/http/action-state";
import { formFile, formText, IdForm } from "@/lib/http/form-data";

const PATH = "/settings/customers";
const REVALIDATE = [PATH, "/customers"];

/** `id` is set when editing; the other fields are the customer as `lib/customers` validates it. */
const CustomerForm = z.object({
  id: formText(),
  external_id: formText(),
  name: formText(),
  tier: formText(),
  monthly_revenue_usd: formText(),
});
const QuotaForm = z.object({ customer_id: formText(), metric: formText(), limit: formText(), feature: formText() });
const ImportForm = z.object({ file: formFile(), csv: formText(), intent: formText() });

export const saveCustomerAction = action(
  { schema: CustomerForm, revalidate: REVALIDATE, values: ({ id: _, ...values }) => values },
  async (ctx, { id, ...values }) => {
    if (id) {
      await updateCustomer(ctx, id, values);
      return { redirect: PATH };
    }
    await createCustomer(ctx, values);
    return { message: `Customer "${values.name.trim()}" added.` };
  },
);

export const deleteCustomerAction = action({ schema: IdForm, revalidate: REVALIDATE }, async (ctx, { id }) => {
  await deleteCustomer(ctx, id);
});

export const addQuotaAction = action(
  { schema: QuotaForm, revalidate: REVALIDATE, success: "Quota added.", values: ({ customer_id: _, ...values }) => values },
  async (ctx, { customer_id, ...values }) => {
    await addQuota(ctx, customer_id, values);
  },
);

export const deleteQuotaAction = action({ schema: IdForm, revalidate: REVALIDATE }, async (ctx, { id }) => {
  await deleteQuota(ctx, id);
});

/** One form, two buttons: "Preview" checks every row and writes nothing; "Import" writes all rows or none. */
export const importCsvAction = action<typeof ImportForm, ImportPreview>({ schema: ImportForm }, async (ctx, { file, csv, intent }) => {
  const text = file ? await file.text() : csv;
  const values = { csv: text };
  if (intent !== "import") return { ...(await runAction(() => previewCustomerImport(ctx, text))), values };
  const result = await runAction(() => importCustomers(ctx, text));
  if (!result.ok) {
    const preview = await runAction(() => previewCustomerImport(ctx, text));
    return { ok: false, message: result.message, data: preview.data, values };
  }
  for (const path of REVALIDATE) revalidatePath(path);
  const { created, updated } = result.data ?? { created: 0, updated: 0 };
  return { message: `Imported: ${created} added, ${updated} updated.` };
});
