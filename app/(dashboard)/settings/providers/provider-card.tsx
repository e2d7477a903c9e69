"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { removeKeyAction, saveKeyAction, testConnectionAction } from "./actions";

export interface ProviderCardProps {
  provider: "openai" | "anthropic";
  label: string;
  source: "settings" | "env" | "none";
  keyHint: string | null;
  baseUrl: string;
  envKeySet: boolean;
  lastSync: string;
  canStore: boolean;
}

const SOURCE = { settings: "Key stored in Settings", env: "Key from the environment", none: "Not connected" } as const;

/** One provider: where its key comes from, a form to store one (write-only), test and remove. */
export function ProviderCard(p: ProviderCardProps) {
  const [saved, save, saving] = useActionState(saveKeyAction, { ok: true });
  const [tested, test, testing] = useActionState(testConnectionAction, { ok: true });
  const [removed, remove, removing] = useActionState(removeKeyAction, { ok: true });
  const keyName = p.provider === "openai" ? "OPENAI_ADMIN_KEY" : "ANTHROPIC_ADMIN_KEY";
  return (
    <Panel aria-labelledby={`${p.provider}-heading`} padded>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={`${p.provider}-heading`} className="font-semibold">
          {p.label}
        </h2>
        <Badge tone={p.source === "none" ? "neutral" : "good"}>{SOURCE[p.source]}</Badge>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Key</dt>
          <dd className="font-mono text-xs">{p.keyHint ? `…${p.keyHint}` : "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">API base</dt>
          <dd className="truncate font-mono text-xs">{p.baseUrl}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last successful sync</dt>
          <dd>{p.lastSync}</dd>
        </div>
      </dl>
      <form action={save} className="mt-4 grid gap-3 sm:grid-cols-[2fr_2fr_auto] sm:items-end">
        <input type="hidden" name="provider" value={p.provider} />
        <Field
          label={`${p.label} admin key`}
          id={`${p.provider}-api-key`}
          name="api_key"
          type="password"
          autoComplete="off"
          required
          placeholder={p.provider === "openai" ? "sk-admin-…" : "sk-ant-admin…"}
          error={saved.ok ? undefined : (saved.fieldErrors?.api_key ?? (saved.fieldErrors?.base_url ? undefined : saved.message))}
          hint={p.envKeySet ? `Overrides ${keyName} from the environment.` : "Encrypted at rest; never shown again."}
        />
        <Field
          label="API base URL (optional)"
          id={`${p.provider}-base-url`}
          name="base_url"
          placeholder={p.baseUrl}
          defaultValue={saved.values?.base_url}
          error={saved.fieldErrors?.base_url}
        />
        <Button type="submit" disabled={!p.canStore || saving}>
          {saving ? "Saving…" : "Save key"}
        </Button>
      </form>
      {saved.ok && saved.message ? (
        <div className="mt-3">
          <Alert tone="success">{saved.message}</Alert>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        <form action={test}>
          <input type="hidden" name="provider" value={p.provider} />
          <Button type="submit" variant="secondary" disabled={p.source === "none" || testing}>
            {testing ? "Testing…" : "Test connection"}
          </Button>
        </form>
        {p.source === "settings" ? (
          <form action={remove}>
            <input type="hidden" name="provider" value={p.provider} />
            <Button type="submit" variant="danger" disabled={removing}>
              Remove stored key
            </Button>
          </form>
        ) : null}
      </div>
      {tested.message ? (
        <div className="mt-3">
          <Alert tone={tested.ok ? "success" : "error"}>{tested.message}</Alert>
        </div>
      ) : null}
      {removed.message ? (
        <div className="mt-3">
          <Alert tone={removed.ok ? "success" : "error"}>{removed.message}</Alert>
        </div>
      ) : null}
    </Panel>
  );
}
