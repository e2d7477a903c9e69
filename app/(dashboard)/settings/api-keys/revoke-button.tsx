"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { revokeApiKeyAction } from "./actions";

export function RevokeButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, { ok: true });
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke "${name}"? Requests with this key fail from now on.`)) e.preventDefault();
      }}
      className="text-right"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" className="py-1" disabled={pending} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      {!state.ok && state.message ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
