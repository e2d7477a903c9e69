"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { KEY_PLACEHOLDER } from "@/lib/otlp/connect-snippets";
import { createGatewayKeyAction } from "./actions";

export interface SetupBlock {
  label: string;
  /** Configuration text with KEY_PLACEHOLDER where the key goes. */
  template: string;
}

/**
 * A gateway's configuration blocks, and (admins) a button that creates an ingest key bound to that gateway and fills
 * it in. OpenMeter keys carry how their events are read: what `subject` means, and whether `input` includes cache
 * reads. The key is shown once (stored hashed).
 */
export function GatewayKeySetup({
  gateway,
  label,
  blocks,
  canCreateKey,
}: {
  gateway: "litellm" | "openmeter";
  label: string;
  blocks: SetupBlock[];
  canCreateKey: boolean;
}) {
  const [state, action, pending] = useActionState(createGatewayKeyAction, { ok: true });
  const key = state.ok ? state.data?.key : undefined;
  return (
    <div className="space-y-4">
      {canCreateKey ? (
        <form action={action} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="gateway" value={gateway} />
          <Field label="Key name" name="name" id={`${gateway}-key-name`} defaultValue={state.values?.name ?? `${label}`} className="w-64" />
          {gateway === "openmeter" ? (
            <>
              <div>
                <label htmlFor="openmeter-subject" className="block text-sm font-medium text-slate-700">
                  An event&apos;s subject is
                </label>
                <Select id="openmeter-subject" name="subject" defaultValue={state.values?.subject ?? "customer"} className="mt-1">
                  <option value="customer">the customer</option>
                  <option value="user">the user</option>
                  <option value="none">not attribution</option>
                </Select>
              </div>
              <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
                <input type="checkbox" name="input_includes_cached" className="rounded border-slate-300" />
                <span>
                  <span className="font-mono">input</span> events include cache reads
                </span>
              </label>
            </>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : `Create ${/^[AEIOU]/.test(label) ? "an" : "a"} ${label} key and fill it in`}
          </Button>
        </form>
      ) : (
        <p className="text-sm text-slate-600">
          Ask an admin for an <span className="font-mono">ingest</span> key made for {label} and put it where the blocks say{" "}
          <span className="font-mono">{KEY_PLACEHOLDER}</span>.
        </p>
      )}
      {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
      {key ? (
        <Alert tone="success">
          <p className="mb-2">
            Key <strong>{state.data?.name}</strong> created for {label} only and filled in below. Copy it now: it is stored only as a hash
            and cannot be shown again.
          </p>
          <CopyField label={`${label} ingest key`} value={key} />
        </Alert>
      ) : null}
      {blocks.map((b) => (
        <CodeBlock key={b.label} label={b.label} code={b.template.replaceAll(KEY_PLACEHOLDER, key ?? KEY_PLACEHOLDER)} />
      ))}
    </div>
  );
}
