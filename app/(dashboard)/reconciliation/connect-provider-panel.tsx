import { Panel } from "@/components/ui/panel";

/** Reconciliation with no provider connected and no bill synced: what it needs, and where an admin sets it up. */
export function ConnectProviderPanel({ canManage }: { canManage: boolean }) {
  return (
    <Panel headingId="connect-heading" title="Connect a provider to reconcile">
      <div className="space-y-3 px-5 py-6 text-sm text-slate-600">
        <p>
          Reconciliation puts what OpenAI and Anthropic actually billed beside what your events attribute, day by day and model by model, so
          the spend nobody tagged — a notebook on an organization key, the Console workbench, a service that never sends events — shows up
          as a gap you can chase.
        </p>
        <p>
          {canManage ? (
            <>
              Add an OpenAI or Anthropic <strong>admin key</strong> in{" "}
              <a href="/settings/providers" className="font-medium text-orange-700 hover:underline">
                Settings → Providers
              </a>
              . Burnrate reads their usage and cost reports (read-only), back 90 days, then every hour.
            </>
          ) : (
            <>
              Ask an admin to add an OpenAI or Anthropic admin key in Settings → Providers; Burnrate then reads their usage and cost reports
              every hour.
            </>
          )}
        </p>
      </div>
    </Panel>
  );
}
