"use client";

import { clsx } from "clsx";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { deleteViewAction, saveViewAction } from "./actions";

const LINK_BUTTON =
  "inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-500";

/**
 * The view's own actions: download it as CSV, save it for the team under a name, or (when it is a saved view the
 * member may delete) delete it. `query` is the view's canonical query string.
 */
export function ViewActions({
  query,
  downloadHref,
  downloadNote,
  saved,
}: {
  query: string;
  downloadHref: string;
  downloadNote?: string;
  saved: { id: string; name: string; canDelete: boolean } | null;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-wrap items-start justify-end gap-2">
      <a href={downloadHref} download className={LINK_BUTTON} title={downloadNote}>
        Download CSV
      </a>
      {saved ? (
        <div className="flex items-center gap-2">
          <span className="text-sm text-slate-600">
            Saved view: <span className="font-medium text-slate-900">{saved.name}</span>
          </span>
          {saved.canDelete ? (
            <ConfirmActionButton
              action={deleteViewAction}
              id={saved.id}
              label="Delete"
              ariaLabel={`Delete saved view ${saved.name}`}
              confirm={`Delete the saved view "${saved.name}" for everyone?`}
              buttonClassName="py-1.5"
            />
          ) : null}
        </div>
      ) : open ? (
        <SaveViewForm query={query} onDone={() => setOpen(false)} />
      ) : (
        <Button variant="secondary" className="py-1.5" onClick={() => setOpen(true)}>
          Save view
        </Button>
      )}
    </div>
  );
}

function SaveViewForm({ query, onDone }: { query: string; onDone: () => void }) {
  const id = useId();
  const [state, formAction, pending] = useActionState(saveViewAction, { ok: true });
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const error = state.fieldErrors?.name ?? (!state.ok ? state.message : undefined);
  return (
    <form action={formAction} aria-label="Save view" className="flex flex-wrap items-start gap-2">
      <input type="hidden" name="query" value={query} />
      <div>
        <label htmlFor={`${id}-name`} className="sr-only">
          View name
        </label>
        <input
          ref={input}
          id={`${id}-name`}
          name="name"
          required
          maxLength={60}
          defaultValue={state.values?.name ?? ""}
          placeholder="Name this view"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onKeyDown={(e) => {
            if (e.key === "Escape") onDone();
          }}
          className={clsx(
            "w-52 rounded-md border px-3 py-1.5 text-sm",
            error ? "border-red-400" : "border-slate-300 focus:border-orange-400",
          )}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 max-w-64 text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="py-1.5" disabled={pending}>
        Save
      </Button>
      <Button variant="ghost" className="py-1.5" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}
