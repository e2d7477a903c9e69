"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Select } from "@/components/ui/select";
import type { ActionState } from "@/lib/http/action-state";
import { addQuotaAction, deleteCustomerAction, deleteQuotaAction } from "./actions";

function DeleteForm(props: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  id: string;
  label: string;
  confirm: string;
}) {
  return (
    <ConfirmActionButton
      action={props.action}
      id={props.id}
      label={props.label.startsWith("Remove") ? "×" : "Delete"}
      ariaLabel={props.label}
      confirm={props.confirm}
      buttonClassName="px-2 py-0.5 text-xs"
    />
  );
}

export function DeleteCustomerButton({ id, name }: { id: string; name: string }) {
  return (
    <DeleteForm
      action={deleteCustomerAction}
      id={id}
      label={`Delete ${name}`}
      confirm={`Delete "${name}" and its quotas? Its events stay and still name it.`}
    />
  );
}

export function DeleteQuotaButton({ id, label }: { id: string; label: string }) {
  return <DeleteForm action={deleteQuotaAction} id={id} label={`Remove quota ${label}`} confirm={`Remove the quota ${label}?`} />;
}

/** A compact inline form: metric, limit, optional feature. */
export function AddQuotaForm({ customerId, name }: { customerId: string; name: string }) {
  const [state, action, pending] = useActionState(addQuotaAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  return (
    <form
      key={state.ok ? (state.message ?? "q") : "retry"}
      action={action}
      className="flex flex-wrap items-start gap-1.5"
      aria-label={`Add a quota for ${name}`}
    >
      <input type="hidden" name="customer_id" value={customerId} />
      <Select name="metric" aria-label="Metric" defaultValue={state.values?.metric ?? "tokens"} className="py-1 text-xs">
        <option value="tokens">tokens</option>
        <option value="requests">requests</option>
        <option value="cost_usd">dollars</option>
      </Select>
      <input
        name="limit"
        aria-label="Limit per month"
        placeholder="limit / month"
        inputMode="decimal"
        defaultValue={state.values?.limit}
        aria-invalid={errors.limit ? true : undefined}
        className="w-28 rounded-md border border-slate-300 px-2 py-1 text-xs"
      />
      <input
        name="feature"
        aria-label="Feature (optional)"
        placeholder="feature (all)"
        defaultValue={state.values?.feature}
        className="w-28 rounded-md border border-slate-300 px-2 py-1 text-xs"
      />
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        Add quota
      </Button>
      {!state.ok && state.message ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {Object.values(errors)[0] ?? state.message}
        </p>
      ) : null}
    </form>
  );
}
