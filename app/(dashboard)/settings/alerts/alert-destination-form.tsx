"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AlertDestinationView } from "@/lib/alerts/destination";
import { removeAlertDestinationAction, saveAlertDestinationAction, sendTestAlertAction } from "./actions";

const SOURCE = { settings: "stored in Settings", env: "from ALERT_WEBHOOK_URL" } as const;

/** The global alert webhook: write-only (a masked hint shows where it goes), removable, and testable. */
export function AlertDestinationForm({ view }: { view: AlertDestinationView }) {
  const [saved, save, saving] = useActionState(saveAlertDestinationAction, { ok: true });
  const [removed, remove, removing] = useActionState(removeAlertDestinationAction, { ok: true });
  const [tested, test, testing] = useActionState(sendTestAlertAction, { ok: true });
  const urlError = saved.ok ? undefined : (saved.fieldErrors?.url ?? saved.message);
  return (
    <div className="max-w-2xl space-y-5">
      <dl className="text-sm">
        <dt className="text-slate-500">Alerts are posted to</dt>
        <dd className="mt-1 flex min-w-0 flex-wrap items-center gap-2">
          {view.source ? (
            <>
              <Badge tone="good">{SOURCE[view.source]}</Badge>
              <span className="min-w-0 break-all font-mono text-xs" title="Masked: the rest of the URL is a credential">
                {view.hint}
              </span>
            </>
          ) : (
            <>
              <Badge tone="neutral">not set</Badge>
              <span className="text-xs text-slate-500">alerts are only shown on the Alerts screen</span>
            </>
          )}
        </dd>
      </dl>
      {view.problem ? <Alert>{view.problem}</Alert> : null}

      <form action={save} className="space-y-3">
        <Field
          label="Webhook URL"
          name="url"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder={view.source === "settings" ? "Paste a new URL to replace the stored one" : "https://hooks.slack.com/services/…"}
          error={urlError}
          hint={
            view.envSet
              ? "Encrypted at rest and never shown again. It wins over ALERT_WEBHOOK_URL while it is stored."
              : "Encrypted at rest and never shown again."
          }
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={!view.canStore || saving}>
            {saving ? "Saving…" : "Save webhook"}
          </Button>
          {!view.canStore ? <span className="text-sm text-slate-600">Set BURNRATE_SECRET on the server to store the URL.</span> : null}
        </div>
      </form>
      {saved.ok && saved.message ? <Alert tone="success">{saved.message}</Alert> : null}

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <form action={test}>
          <Button type="submit" variant="secondary" disabled={!view.source || testing}>
            {testing ? "Sending…" : "Send test message"}
          </Button>
        </form>
        {!view.source ? <span className="text-sm text-slate-600">Save a webhook first, then send it a test message.</span> : null}
        {view.source === "settings" ? (
          <form action={remove}>
            <Button type="submit" variant="secondary" disabled={removing}>
              Remove the stored webhook
            </Button>
          </form>
        ) : null}
      </div>
      {view.source === "settings" && view.envSet ? (
        <p className="text-xs text-slate-500">Removing it sends alerts to ALERT_WEBHOOK_URL again.</p>
      ) : null}
      {tested.message ? <Alert tone={tested.ok && tested.data?.delivered ? "success" : "error"}>{tested.message}</Alert> : null}
      {!removed.ok && removed.message ? <Alert>{removed.message}</Alert> : null}
      {removed.ok && removed.message && view.source !== "settings" ? <Alert tone="success">{removed.message}</Alert> : null}
    </div>
  );
}
