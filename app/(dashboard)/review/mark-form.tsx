"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { CAUSE_LABELS, CAUSE_TAGS, type CauseTag, REVIEW_STATUSES, type ReviewStatus, STATUS_LABELS } from "@/lib/review/rules";
import { markReviewItemAction } from "./actions";

const INPUT =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm outline-none focus:border-orange-400 focus:ring-2 focus:ring-orange-100";

export interface MarkFormProps {
  week: string;
  kind: "request" | "session";
  id: string;
  status: ReviewStatus;
  tags: CauseTag[];
  note: string | null;
  owner: string | null;
  label: string;
}

/** A teammate's mark on one review item: status, causes, note and owner. */
export function MarkForm(p: MarkFormProps) {
  const [state, action, pending] = useActionState(markReviewItemAction, { ok: true });
  const prefix = `${p.kind}-${p.id}`.replace(/[^a-zA-Z0-9_-]/g, "_");
  return (
    <form
      aria-label={`Mark ${p.label}`}
      className="space-y-2"
      // Submitted by hand, not through `action`: React resets a form after its action, which would show the old mark.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="week" value={p.week} />
      <input type="hidden" name="kind" value={p.kind} />
      <input type="hidden" name="id" value={p.id} />
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${prefix}-status`} className="block text-xs font-medium text-slate-600">
            Status
          </label>
          <Select id={`${prefix}-status`} name="status" defaultValue={p.status} className="mt-1 py-1.5">
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="min-w-36 flex-1">
          <label htmlFor={`${prefix}-owner`} className="block text-xs font-medium text-slate-600">
            Owner
          </label>
          <input id={`${prefix}-owner`} name="owner" defaultValue={p.owner ?? ""} placeholder="who follows up" className={INPUT} />
        </div>
        <Button type="submit" variant="secondary" className="py-1.5" disabled={pending}>
          {pending ? "Saving…" : "Save mark"}
        </Button>
      </div>
      <fieldset>
        <legend className="sr-only">Causes</legend>
        <div className="flex flex-wrap gap-1.5">
          {CAUSE_TAGS.map((t) => (
            <label key={t} className="flex items-center gap-1 rounded-full border border-slate-200 px-2 py-0.5 text-xs">
              <input type="checkbox" name="tags" value={t} defaultChecked={p.tags.includes(t)} className="accent-orange-600" />
              {CAUSE_LABELS[t]}
            </label>
          ))}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${prefix}-note`} className="sr-only">
          Note
        </label>
        <input
          id={`${prefix}-note`}
          name="note"
          defaultValue={p.note ?? ""}
          maxLength={2000}
          placeholder="Note: what was found, what changes"
          className={INPUT}
        />
      </div>
      {state.message ? (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-xs text-emerald-700" : "text-xs text-red-700"}>
          {state.message}
          {!state.ok && state.fieldErrors ? ` ${Object.values(state.fieldErrors).join(" ")}` : ""}
        </p>
      ) : null}
    </form>
  );
}
