"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/http/action-state";
import { monthCloseAction } from "./actions";

const COPY = {
  close: {
    label: "Close month",
    pending: "Closing…",
    confirm: (m: string) =>
      `Close ${m}? Its export is frozen as it is now; events that arrive later for ${m} become adjustments of the next open month.`,
  },
  reopen: {
    label: "Reopen month",
    pending: "Reopening…",
    confirm: (m: string) => `Reopen ${m}? Its export will follow the events again, including late ones, and may change.`,
  },
} as const;

/**
 * Closes or reopens a month after a confirmation. One component for both, so the outcome stays on screen when the
 * page re-renders with the other button.
 */
export function MonthCloseButton({ month, mode }: { month: string; mode: keyof typeof COPY }) {
  const copy = COPY[mode];
  const [state, action, pending] = useActionState<ActionState, FormData>(monthCloseAction, { ok: true });
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(copy.confirm(month))) e.preventDefault();
      }}
    >
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="op" value={mode} />
      <Button type="submit" variant={mode === "close" ? "primary" : "danger"} disabled={pending}>
        {pending ? copy.pending : copy.label}
      </Button>
      {state.message ? (
        <p role={state.ok ? "status" : "alert"} className={`mt-2 max-w-md text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
