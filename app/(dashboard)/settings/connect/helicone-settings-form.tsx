"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { HeliconeSettingsView } from "@/lib/gateways/helicone-settings";
import { removeHeliconeSecretAction, saveHeliconeAction } from "./actions";

const SOURCE = { settings: "stored in Settings", env: "from the environment" } as const;

function Status({ label, value, envName }: { label: string; value: HeliconeSettingsView["secret"]; envName: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="flex flex-wrap items-center gap-2">
        {value.source ? (
          <>
            <Badge tone="good">{SOURCE[value.source]}</Badge>
            <span className="font-mono text-xs">…{value.hint}</span>
          </>
        ) : (
          <Badge tone="neutral">not set</Badge>
        )}
        {value.source === "env" ? <span className="text-xs text-slate-500">{envName}</span> : null}
      </dd>
    </div>
  );
}

/** Helicone's webhook secret and API key (write-only, sealed) and the property map, for admins. */
export function HeliconeSettingsForm({ view, canStore }: { view: HeliconeSettingsView; canStore: boolean }) {
  const [saved, save, saving] = useActionState(saveHeliconeAction, { ok: true });
  const [removed, remove, removing] = useActionState(removeHeliconeSecretAction, { ok: true });
  const errors = saved.ok ? {} : (saved.fieldErrors ?? {});
  const propertyError = Object.entries(errors)
    .filter(([path]) => path.startsWith("properties"))
    .map(([, message]) => message)
    .join(" ");
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        <Status label="Webhook secret" value={view.secret} envName="HELICONE_WEBHOOK_SECRET" />
        <Status label="API key (enrichment)" value={view.apiKey} envName="HELICONE_API_KEY" />
        <div>
          <dt className="text-slate-500">Helicone API</dt>
          <dd className="truncate font-mono text-xs">{view.apiUrl}</dd>
        </div>
      </dl>
      <form action={save} className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Webhook secret"
          id="helicone-webhook-secret"
          name="webhook_secret"
          type="password"
          autoComplete="off"
          placeholder={view.secret.source === "settings" ? "Leave blank to keep the stored one" : "The webhook's HMAC key"}
          error={errors.webhook_secret}
          hint="Helicone → Webhooks shows it. Encrypted at rest; never shown again."
        />
        <Field
          label="Helicone API key (optional)"
          id="helicone-api-key"
          name="api_key"
          type="password"
          autoComplete="off"
          placeholder={view.apiKey.source === "settings" ? "Leave blank to keep the stored one" : "sk-helicone-…"}
          error={errors.api_key}
          hint="With it, each delivery is completed from Helicone's API: the call's time, custom properties, sessions."
        />
        <div className="sm:col-span-2">
          <label htmlFor="helicone-properties" className="block text-sm font-medium text-slate-700">
            Custom properties → fields <span className="font-normal text-slate-500">(one “Property = field” per line)</span>
          </label>
          <textarea
            id="helicone-properties"
            name="properties"
            rows={4}
            defaultValue={saved.values?.properties ?? view.properties}
            aria-invalid={propertyError ? true : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm"
          />
          <p className={propertyError ? "mt-1 text-xs text-red-700" : "mt-1 text-xs text-slate-500"}>
            {propertyError ||
              "Helicone-Property-<Name> headers arrive as properties; mapped ones fill the field, the others become tags. Fields: team, user, customer, feature, workflow, environment, repo, branch, tool, agent, prompt_version, session."}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={!canStore || saving}>
            {saving ? "Saving…" : "Save Helicone settings"}
          </Button>
          {!canStore ? <span className="text-sm text-slate-600">Set BURNRATE_SECRET on the server to store secrets.</span> : null}
        </div>
      </form>
      {!saved.ok && saved.message && !propertyError && !errors.webhook_secret && !errors.api_key ? <Alert>{saved.message}</Alert> : null}
      {saved.ok && saved.message ? <Alert tone="success">{saved.message}</Alert> : null}
      {view.secret.source === "settings" || view.apiKey.source === "settings" ? (
        <form action={remove} className="flex flex-wrap gap-2">
          {view.secret.source === "settings" ? (
            <Button type="submit" name="which" value="webhook_secret" variant="secondary" disabled={removing}>
              Remove the stored webhook secret
            </Button>
          ) : null}
          {view.apiKey.source === "settings" ? (
            <Button type="submit" name="which" value="api_key" variant="secondary" disabled={removing}>
              Remove the stored API key
            </Button>
          ) : null}
        </form>
      ) : null}
      {!removed.ok && removed.message ? <Alert>{removed.message}</Alert> : null}
    </div>
  );
}
