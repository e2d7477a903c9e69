"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { createApiKeyAction } from "./actions";

const SCOPES = [
  { value: "ingest", label: "ingest", hint: "send usage events (apps, agents, OpenTelemetry)" },
  { value: "read", label: "read", hint: "spend, pull requests, budgets check, review" },
  { value: "export", label: "export", hint: "monthly CSV and FOCUS files" },
  { value: "admin", label: "admin", hint: "everything, including budget writes" },
] as const;

export function CreateKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, { ok: true });
  const errors = state.fieldErrors ?? {};
  return (
    <Panel headingId="create-key-heading" title="Create an API key" padded>
      <form action={action} className="mt-4 space-y-4">
        <Field
          label="Name"
          name="name"
          required
          placeholder="e.g. support-bot production"
          error={errors.name}
          defaultValue={state.values?.name}
          className="max-w-md"
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Scopes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {SCOPES.map((s) => (
              <label key={s.value} className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
                <input
                  type="checkbox"
                  name="scopes"
                  value={s.value}
                  defaultChecked={s.value === "ingest"}
                  className="mt-0.5 accent-orange-600"
                />
                <span>
                  <span className="font-mono font-medium">{s.label}</span>
                  <span className="block text-xs text-slate-500">{s.hint}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.scopes ? <p className="mt-1 text-xs text-red-700">{errors.scopes}</p> : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
      <div className="mt-4">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.data ? (
          <Alert tone="success">
            <p className="mb-2">
              Key <strong>{state.data.name}</strong> created. Copy it now: it is stored only as a hash and cannot be shown again.
            </p>
            <CopyField label="API key" value={state.data.key} />
          </Alert>
        ) : null}
      </div>
    </Panel>
  );
}
