"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/http/action-state";
import { closeMonthAction, reopenMonthAction } from "./actions";

const COPY = {
  close: {
    action: closeMonthAction,
    label: "Close month",
    pending: "Closing…",
    confirm: (m: string) =>
      `Close ${m}? Its export is frozen as it is now; events that arrive later for ${m} become adjustments of the next open month.`,
  },
  reopen: {
    action: reopenMonthAction,
    label: "Reopen month",
    pending: "Reopening…",
    confirm: (m: string) => `Reopen ${m}? Its export will follow the events again, including late ones, and may change.`,
  },
} as const;

/** Closes or reopens a month, after a confirmation; the outcome shows under the button. */
export function MonthCloseButton({ month, mode }: { month: string; mode: keyof typeof COPY }) {
  const copy = COPY[mode];
  const [state, action, pending] = useActionState<ActionState, FormData>(copy.action, { ok: true });
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(copy.confirm(month))) e.preventDefault();
      }}
    >
      <input type="hidden" name="month" value={month} />
      <Button type="submit" variant={mode === "close" ? "primary" : "danger"} disabled={pending}>
        {pending ? copy.pending : copy.label}
      </Button>
      {state.message ? (
        <p role={state.ok ? "status" : "alert"} className={`mt-2 max-w-sm text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
