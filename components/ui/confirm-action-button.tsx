"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action-state";
import { Button } from "./button";

/** A danger button that asks first, then runs a server action on `id`; a refusal is shown under it. */
export function ConfirmActionButton({
  action,
  id,
  label,
  ariaLabel,
  confirm,
  buttonClassName = "py-1",
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  id: string;
  label: string;
  ariaLabel: string;
  confirm: string;
  buttonClassName?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: true });
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }}
      className="inline-block text-right"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" className={buttonClassName} disabled={pending} aria-label={ariaLabel}>
        {label}
      </Button>
      {!state.ok && state.message ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
