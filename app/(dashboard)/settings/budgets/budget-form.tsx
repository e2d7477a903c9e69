"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { MEASURE_LABELS } from "@/lib/effective/measures";
import { createBudgetAction } from "./actions";

const FILTER_ROWS = [0, 1, 2];

export function BudgetForm({ dimensions, globalWebhook }: { dimensions: readonly string[]; globalWebhook: "settings" | "env" | null }) {
  const [state, action, pending] = useActionState(createBudgetAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <Panel
      headingId="new-budget-heading"
      title="New budget"
      description={
        <>
          Spend per UTC day, ISO week (from Monday) or calendar month, in the budget&apos;s measure: metered (
          <code className="font-mono text-xs">cost_usd</code>, the default), effective (plan fees allocated) or list. Alerts fire once per
          threshold and period.
        </>
      }
      padded
    >
      <form action={action} className="mt-4 space-y-4" key={state.ok && state.data ? state.data.name : "form"}>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Name" name="name" required placeholder="e.g. Platform monthly" error={errors.name} defaultValue={v.name} />
          <Field
            label="Amount (USD)"
            name="amount_usd"
            required
            inputMode="decimal"
            placeholder="500"
            error={errors.amount_usd}
            defaultValue={v.amount_usd}
          />
          <div>
            <label htmlFor="field-period" className="block text-sm font-medium text-slate-700">
              Period
            </label>
            <Select id="field-period" name="period" defaultValue={v.period ?? "month"} className="mt-1 block w-full">
              <option value="day">Day</option>
              <option value="week">Week (Monday–Sunday)</option>
              <option value="month">Month</option>
            </Select>
            {errors.period ? <p className="mt-1 text-xs text-red-700">{errors.period}</p> : null}
          </div>
          <div>
            <label htmlFor="field-measure" className="block text-sm font-medium text-slate-700">
              Measure
            </label>
            <Select id="field-measure" name="measure" defaultValue={v.measure ?? "cost"} className="mt-1 block w-full">
              {(["cost", "effective", "list"] as const).map((m) => (
                <option key={m} value={m}>
                  {MEASURE_LABELS[m].long}
                  {m === "cost" ? " (default)" : ""}
                </option>
              ))}
            </Select>
            <p className="mt-1 text-xs text-slate-500">
              Metered: what calls cost when made. Effective: plus plan fees allocated to the usage. List: at API prices.
            </p>
            {errors.measure ? <p className="mt-1 text-xs text-red-700">{errors.measure}</p> : null}
          </div>
        </div>
        <fieldset className="min-w-0">
          <legend className="text-sm font-medium text-slate-700">Filters (none = all spend)</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {FILTER_ROWS.map((i) => (
              <div key={i} className="flex min-w-0 gap-2">
                <Select name={`filter_dim_${i}`} aria-label={`Filter ${i + 1} dimension`} defaultValue={v[`filter_dim_${i}`] ?? ""}>
                  <option value="">—</option>
                  {dimensions.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </Select>
                <input
                  name={`filter_value_${i}`}
                  aria-label={`Filter ${i + 1} value`}
                  defaultValue={v[`filter_value_${i}`]}
                  placeholder="value"
                  className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-orange-400 focus:ring-2 focus:ring-orange-100"
                />
              </div>
            ))}
          </div>
          {errors.filters ? <p className="mt-1 text-xs text-red-700">{errors.filters}</p> : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Thresholds (%)"
            name="thresholds"
            defaultValue={v.thresholds ?? "50, 80, 100"}
            error={errors.thresholds}
            hint="Comma-separated percents of the amount"
          />
          <Field
            label="Webhook URL (Slack-compatible)"
            name="webhook_url"
            type="url"
            placeholder="https://hooks.slack.com/services/…"
            error={errors.webhook_url}
            defaultValue={v.webhook_url}
            hint={
              globalWebhook === "settings"
                ? "Empty: alerts go to the webhook of Settings → Alerts"
                : globalWebhook === "env"
                  ? "Empty: alerts go to ALERT_WEBHOOK_URL"
                  : "Empty: alerts are only shown on the Alerts screen"
            }
            className="sm:col-span-2"
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create budget"}
        </Button>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.data ? <Alert tone="success">Budget {state.data.name} created.</Alert> : null}
      </div>
    </Panel>
  );
}
