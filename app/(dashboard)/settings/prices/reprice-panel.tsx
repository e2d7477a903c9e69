"use client";

import Big from "big.js";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { PanelEmpty } from "@/components/ui/panel";
import { useRefreshWhileActive } from "@/components/ui/use-refresh-while";
import { formatCount, formatMonth, formatUsd } from "@/lib/format";
import type { RepriceJobView } from "@/lib/prices/reprice";
import { applyRepriceAction, previewRepriceAction, type RepricePreviewState } from "./actions";

const signed = (v: Big) => (v.gt(0) ? `+${formatUsd(v.toFixed(10))}` : formatUsd(v.toFixed(10)));
const difference = (before: string, after: string) => signed(new Big(after).minus(before));

/**
 * Preview what repricing stored events under today's prices would change, then apply it as a job. While a job runs
 * the page re-reads it every second (its progress); a new job remounts this panel (`key`), so the preview goes.
 */
export function RepricePanel({ active }: { active: RepriceJobView | null }) {
  const [preview, previewAction, previewing] = useActionState(previewRepriceAction, { ok: true });
  const [applied, applyAction, applying] = useActionState(applyRepriceAction, { ok: true });
  const running = active !== null;
  useRefreshWhileActive(running, applied.ok && applied.message ? applied : null);
  const errors = preview.fieldErrors ?? {};
  const result = preview.ok ? preview.data : undefined;
  // What was typed stays in the fields (React resets a form after its action): the refused input, or the previewed filter.
  const filter = preview.values ?? result?.filter ?? { provider: "", model: "" };
  return (
    <div className="space-y-4 px-5 py-4">
      <form action={previewAction} className="flex flex-wrap items-end gap-3" aria-label="Preview a reprice">
        <Field
          id="reprice-provider"
          label="Only provider (optional)"
          name="provider"
          placeholder="openai"
          defaultValue={filter.provider}
          error={errors.provider}
          className="w-44"
        />
        <Field
          id="reprice-model"
          label="Only model or pattern (optional)"
          name="model"
          placeholder="ft:gpt-4.1-mini:*"
          defaultValue={filter.model}
          error={errors.model}
          className="w-72"
        />
        <Button type="submit" variant="secondary" disabled={previewing}>
          {previewing ? "Previewing…" : "Preview"}
        </Button>
      </form>
      {!preview.ok && preview.message ? <Alert>{preview.message}</Alert> : null}
      {active ? <Progress job={active} /> : null}
      {!applied.ok && applied.message ? <Alert>{applied.message}</Alert> : null}
      {result ? <PreviewResult preview={result} /> : null}
      {result && result.events > 0 ? (
        <form action={applyAction} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="provider" value={result.filter.provider} />
          <input type="hidden" name="model" value={result.filter.model} />
          <Button type="submit" disabled={applying || running}>
            {applying ? "Starting…" : `Apply to ${formatCount(result.events)} events`}
          </Button>
          <span className="text-sm text-slate-600">
            Runs as a job: it goes on if you leave this page, and one runs at a time across instances.
          </span>
        </form>
      ) : null}
    </div>
  );
}

function Progress({ job }: { job: RepriceJobView }) {
  const percent = job.events_total > 0 ? Math.floor((job.events_done / job.events_total) * 100) : 0;
  return (
    <div role="status" aria-label="Reprice progress" className="space-y-1">
      <div className="flex justify-between text-sm">
        <span className="font-medium">{job.state === "queued" ? "Reprice queued…" : "Repricing…"}</span>
        <span className="tabular-nums text-slate-600">
          {percent}% · {job.events_done.toLocaleString("en-US")} of {job.events_total.toLocaleString("en-US")} events
        </span>
      </div>
      <progress className="h-2 w-full accent-orange-500" max={100} value={percent} aria-label="Reprice progress" />
    </div>
  );
}

function PreviewResult({ preview }: { preview: RepricePreviewState }) {
  const anyClosed = preview.rows.some((r) => r.closed);
  return (
    <section aria-label="Reprice preview" className="space-y-3">
      <p className="text-sm text-slate-700">
        {preview.events === 0 ? (
          <>
            Nothing to change: the {formatCount(preview.scanned)} stored events of {preview.models.length} model
            {preview.models.length === 1 ? "" : "s"} looked at already carry today&apos;s prices.
          </>
        ) : (
          <>
            <strong>{formatCount(preview.events)}</strong> of {formatCount(preview.scanned)} events looked at would change:{" "}
            {formatUsd(preview.cost_before_usd)} → {formatUsd(preview.cost_after_usd)} (
            <strong>{difference(preview.cost_before_usd, preview.cost_after_usd)}</strong>). Costs providers reported are never changed.
          </>
        )}
      </p>
      {preview.rows.length === 0 ? null : (
        <div className="-mx-5">
          <ListTable
            columns={[
              "Provider",
              "Model",
              "Month",
              { label: "Events", right: true },
              { label: "Before", right: true },
              { label: "After", right: true },
              { label: "Difference", right: true },
              { label: "Unpriced", right: true },
            ]}
          >
            {preview.rows.map((r) => (
              <tr key={`${r.provider}/${r.model}/${r.month}`}>
                <td className="px-5 py-2 font-mono text-xs">{r.provider}</td>
                <td className="min-w-52 px-5 py-2 font-mono text-xs [overflow-wrap:anywhere]">{r.model}</td>
                <td className="px-5 py-2 whitespace-nowrap">
                  {formatMonth(r.month)}
                  {r.closed ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">closed</span> : null}
                </td>
                <NumCell>{formatCount(r.events)}</NumCell>
                <UsdCell value={r.cost_before_usd} />
                <UsdCell value={r.cost_after_usd} />
                <NumCell strong>{difference(r.cost_before_usd, r.cost_after_usd)}</NumCell>
                <NumCell>
                  {formatCount(r.unpriced_before)} → {formatCount(r.unpriced_after)}
                </NumCell>
              </tr>
            ))}
          </ListTable>
        </div>
      )}
      {anyClosed ? (
        <p className="text-sm text-slate-600">
          A closed month&apos;s export never changes: its difference is an adjustment in the next open month&apos;s export, as late events
          are.
        </p>
      ) : null}
      {preview.unmatched_overrides.length > 0 ? (
        <PanelEmpty compact>
          No stored event matches {preview.unmatched_overrides.map((c) => `${c.provider}/${c.model}`).join(", ")}: check the spelling, or it
          prices events yet to come.
        </PanelEmpty>
      ) : null}
    </section>
  );
}
