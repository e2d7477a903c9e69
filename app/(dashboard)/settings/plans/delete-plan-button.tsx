"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { deletePlanAction } from "./actions";

export function DeletePlanButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(deletePlanAction, { ok: true });
  return (
    <form
      action={action}
      onSubmit={(e) => {
        const sure = window.confirm(
          `Delete "${name}"? Its fee leaves every open month (closed months keep it). To stop paying from a date, set an end date instead.`,
        );
        if (!sure) e.preventDefault();
      }}
      className="inline"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" className="py-1" disabled={pending} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      {!state.ok && state.message ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
