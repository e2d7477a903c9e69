"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { saveCustomerAction } from "./actions";

export interface CustomerFormValues {
  id: string;
  external_id: string;
  name: string;
  tier: string;
  monthly_revenue_usd: string;
}

const TIERS = ["paid", "trial", "free", "internal"] as const;

/** Adds a customer, or edits `customer` when given. */
export function CustomerForm({ customer }: { customer?: CustomerFormValues }) {
  const [state, action, pending] = useActionState(saveCustomerAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  const value = (name: keyof CustomerFormValues, fallback = "") => state.values?.[name] ?? customer?.[name] ?? fallback;
  const formKey = state.ok ? (state.message ?? "new") : "retry";
  return (
    <Panel
      headingId="customer-form-heading"
      title={customer ? `Edit ${customer.name}` : "Add a customer"}
      description={
        <>
          The id is the value your events send in <code className="font-mono text-xs">customer</code>. Customers on the internal tier are
          kept apart from customer usage, like test and staging.
        </>
      }
      padded
    >
      <form key={formKey} action={action} className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {customer ? <input type="hidden" name="id" value={customer.id} /> : null}
        <Field label="Name" name="name" required placeholder="Acme Inc." error={errors.name} defaultValue={value("name")} />
        <Field
          label="Customer id"
          name="external_id"
          required
          placeholder="acme"
          error={errors.external_id}
          defaultValue={value("external_id")}
          hint="What events carry in customer"
        />
        <div>
          <label htmlFor="field-tier" className="block text-sm font-medium text-slate-700">
            Plan / tier
          </label>
          <Select id="field-tier" name="tier" defaultValue={value("tier", "paid")} className="mt-1 block w-full">
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
          {errors.tier ? <p className="mt-1 text-xs text-red-700">{errors.tier}</p> : null}
        </div>
        <Field
          label="Monthly revenue (USD)"
          name="monthly_revenue_usd"
          inputMode="decimal"
          required
          placeholder="99.00"
          error={errors.monthly_revenue_usd}
          defaultValue={value("monthly_revenue_usd", "0")}
        />
        <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-4">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : customer ? "Save changes" : "Add customer"}
          </Button>
          {customer ? (
            <Link href="/settings/customers" className="text-sm text-slate-600 underline-offset-2 hover:underline">
              Cancel
            </Link>
          ) : null}
        </div>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      </div>
    </Panel>
  );
}
