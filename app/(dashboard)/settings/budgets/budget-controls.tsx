"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { changeAmountAction } from "./actions";

/** Change a budget's amount in place (raising it mid-period never re-fires a passed threshold). */
export function AmountForm({ id, name, amount }: { id: string; name: string; amount: string }) {
  const [state, action, pending] = useActionState(changeAmountAction, { ok: true });
  const error = state.fieldErrors?.amount_usd ?? (!state.ok ? state.message : undefined);
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-1">
      <input type="hidden" name="id" value={id} />
      <input
        name="amount_usd"
        defaultValue={amount}
        inputMode="decimal"
        aria-label={`Amount of ${name}`}
        aria-invalid={error ? true : undefined}
        className="w-24 rounded-md border border-slate-300 px-2 py-1 text-right text-sm"
      />
      <Button type="submit" variant="secondary" className="py-1" disabled={pending} aria-label={`Save amount of ${name}`}>
        Save
      </Button>
      {error ? (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      ) : state.ok && state.message ? (
        <p role="status" className="sr-only">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
