"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { removeKeyAction, saveKeyAction, testConnectionAction } from "./actions";

export interface ProviderCardProps {
  provider: "openai" | "anthropic" | "cursor" | "copilot";
  label: string;
  source: "settings" | "env" | "none";
  keyHint: string | null;
  baseUrl: string;
  envKeySet: boolean;
  lastSync: string;
  canStore: boolean;
  /** Copilot: the organization the token reads. */
  account?: string | null;
  /** What else this key syncs (Anthropic: Claude Code Analytics), and when it last did. */
  alsoSyncs?: { label: string; lastSync: string };
}

const KEYS = {
  openai: { env: "OPENAI_ADMIN_KEY", placeholder: "sk-admin-…", what: "admin key" },
  anthropic: { env: "ANTHROPIC_ADMIN_KEY", placeholder: "sk-ant-admin…", what: "admin key" },
  cursor: { env: "CURSOR_ADMIN_KEY", placeholder: "key_…", what: "Admin API key" },
  copilot: { env: "GITHUB_COPILOT_TOKEN", placeholder: "ghp_…", what: "token (classic, org owner)" },
} as const;

const SOURCE = { settings: "Key stored in Settings", env: "Key from the environment", none: "Not connected" } as const;

/** One provider: where its key comes from, a form to store one (write-only), test and remove. */
export function ProviderCard(p: ProviderCardProps) {
  const [saved, save, saving] = useActionState(saveKeyAction, { ok: true });
  const [tested, test, testing] = useActionState(testConnectionAction, { ok: true });
  const [removed, remove, removing] = useActionState(removeKeyAction, { ok: true });
  const keyName = KEYS[p.provider].env;
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
        {p.provider === "copilot" ? (
          <div>
            <dt className="text-slate-500">Organization</dt>
            <dd className="font-mono text-xs">{p.account ?? "—"}</dd>
          </div>
        ) : null}
        {p.alsoSyncs ? (
          <div className="sm:col-span-2">
            <dt className="text-slate-500">Same key also syncs</dt>
            <dd>
              {p.alsoSyncs.label} · last {p.alsoSyncs.lastSync}
            </dd>
          </div>
        ) : null}
      </dl>
      <form
        action={save}
        className={`mt-4 grid gap-3 sm:items-end ${p.provider === "copilot" ? "sm:grid-cols-[2fr_1fr_2fr_auto]" : "sm:grid-cols-[2fr_2fr_auto]"}`}
      >
        <input type="hidden" name="provider" value={p.provider} />
        <Field
          label={`${p.label} ${KEYS[p.provider].what}`}
          id={`${p.provider}-api-key`}
          name="api_key"
          type="password"
          autoComplete="off"
          required
          placeholder={KEYS[p.provider].placeholder}
          error={saved.ok ? undefined : (saved.fieldErrors?.api_key ?? (saved.fieldErrors?.base_url ? undefined : saved.message))}
          hint={p.envKeySet ? `Overrides ${keyName} from the environment.` : "Encrypted at rest; never shown again."}
        />
        {p.provider === "copilot" ? (
          <Field
            label="Organization"
            id="copilot-account"
            name="account"
            placeholder={p.account ?? "acme"}
            defaultValue={saved.values?.account}
            error={saved.fieldErrors?.account}
          />
        ) : null}
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
