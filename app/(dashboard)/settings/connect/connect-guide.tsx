"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { connectSnippets, KEY_PLACEHOLDER } from "@/lib/otlp/connect-snippets";
import { createConnectKeyAction } from "./actions";

/**
 * The endpoint, an optional freshly created ingest key (admins; shown once, never read back: keys are stored
 * hashed), and the three configuration blocks with that key filled in.
 */
export function ConnectGuide({ origin, endpoint, canCreateKey }: { origin: string; endpoint: string; canCreateKey: boolean }) {
  const [state, action, pending] = useActionState(createConnectKeyAction, { ok: true });
  const key = state.ok ? state.data?.key : undefined;
  return (
    <div className="space-y-6">
      <Panel aria-labelledby="endpoint-heading" padded className="space-y-4">
        <div>
          <h2 id="endpoint-heading" className="font-semibold">
            OpenTelemetry endpoint
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Claude Code, Codex and any app instrumented with the OpenTelemetry GenAI conventions send usage here over OTLP/HTTP (JSON or
            protobuf, gzip welcome), with an <span className="font-mono">ingest</span> key. Claude Code&apos;s{" "}
            <span className="font-mono">api_request</span> events, Codex&apos;s completed responses and GenAI model-call spans become usage
            events; metrics are accepted and not counted (the events already hold the same calls).
          </p>
        </div>
        <CopyField label="OTLP endpoint" value={endpoint} />
        {canCreateKey ? (
          <form action={action} className="flex flex-wrap items-end gap-3">
            <Field label="Key name" name="name" defaultValue={state.values?.name ?? "OpenTelemetry ingest"} className="w-72" />
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create an ingest key and fill it in"}
            </Button>
          </form>
        ) : (
          <p className="text-sm text-slate-600">
            Ask an admin for a key with the <span className="font-mono">ingest</span> scope and put it where the blocks say{" "}
            <span className="font-mono">{KEY_PLACEHOLDER}</span>.
          </p>
        )}
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {key ? (
          <Alert tone="success">
            <p className="mb-2">
              Ingest key <strong>{state.data?.name}</strong> created and filled in below. Copy it now: it is stored only as a hash and
              cannot be shown again.
            </p>
            <CopyField label="Ingest key" value={key} />
          </Alert>
        ) : null}
      </Panel>
      {connectSnippets(origin, key).map((s) => (
        <Panel key={s.id} aria-labelledby={`${s.id}-heading`} padded className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id={`${s.id}-heading`} className="font-semibold">
              {s.title}
            </h2>
            <span className="text-xs text-slate-500">{s.where}</span>
          </div>
          <CodeBlock label={s.title} code={s.text} />
        </Panel>
      ))}
    </div>
  );
}
