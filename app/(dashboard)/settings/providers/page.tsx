import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ListTable, NumCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import { env } from "@/lib/env";
import { formatDateTime, formatDuration } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { listProviderStatus, listSyncRuns, type SyncRun } from "@/lib/providers/queries";
import { ProviderCard } from "./provider-card";
import { SyncPanel } from "./sync-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Providers" };

const STATUS_TONE = { running: "accent", ok: "good", partial: "warn", failed: "bad" } as const;

const day = (iso: string) => iso.slice(0, 10);

export default async function ProvidersPage() {
  const ctx = await requireUser("settings:manage");
  const [providers, runs] = await Promise.all([listProviderStatus(ctx), listSyncRuns(ctx)]);
  const running = runs.find((r) => r.status === "running");
  const canStore = Boolean(env().BURNRATE_SECRET);
  return (
    <div className="space-y-6">
      {!canStore ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Set <code className="font-mono text-xs">BURNRATE_SECRET</code> on the server to store keys here; keys from the environment (
          <code className="font-mono text-xs">OPENAI_ADMIN_KEY</code>, <code className="font-mono text-xs">ANTHROPIC_ADMIN_KEY</code>,{" "}
          <code className="font-mono text-xs">CURSOR_ADMIN_KEY</code>, <code className="font-mono text-xs">GITHUB_COPILOT_TOKEN</code>) work
          without it.
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        {providers.map((p) => (
          <ProviderCard
            key={p.provider}
            provider={p.provider}
            label={p.label}
            source={p.source}
            keyHint={p.keyHint}
            baseUrl={p.baseUrl}
            envKeySet={p.envKeySet}
            lastSync={formatDateTime(p.lastSuccessAt)}
            canStore={canStore}
            account={p.account}
            alsoSyncs={
              p.claudeCodeLastSuccessAt !== undefined
                ? { label: "Claude Code Analytics", lastSync: formatDateTime(p.claudeCodeLastSuccessAt) }
                : undefined
            }
          />
        ))}
      </div>
      <Panel aria-labelledby="sync-heading">
        <PanelHeader className="space-y-3">
          <div>
            <h2 id="sync-heading" className="font-semibold">
              Usage and cost sync
            </h2>
            <p className="mt-1 text-sm text-slate-500">
              Runs every {env().BURNRATE_SYNC_INTERVAL_MINUTES} min on the job runner (one run at a time across instances), re-reading the
              last 3 days for late data; a first connection backfills {env().BURNRATE_SYNC_BACKFILL_DAYS} days.
            </p>
          </div>
          <SyncPanel
            connected={providers.some((p) => p.source !== "none")}
            running={
              running
                ? running.providers.map((p) => ({
                    provider: p.provider,
                    percent: Math.round(p.progress * 100),
                    rows: p.usageRows + p.costRows,
                  }))
                : null
            }
          />
        </PanelHeader>
        <h3 className="sr-only">Sync history</h3>
        {runs.length === 0 ? (
          <PanelEmpty>No sync has run yet.</PanelEmpty>
        ) : (
          <ListTable
            columns={["When", "Trigger", "Status", "Range", { label: "Rows", right: true }, { label: "Duration", right: true }, "Errors"]}
          >
            {runs.map((r) => (
              <RunRow key={r.id} run={r} />
            ))}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}

function RunRow({ run }: { run: SyncRun }) {
  const ranges = run.providers.filter((p) => p.from);
  const errors = run.providers.filter((p) => p.error);
  return (
    <tr>
      <td className="px-5 py-3 whitespace-nowrap">{formatDateTime(run.startedAt)}</td>
      <td className="px-5 py-3">{run.trigger}</td>
      <td className="px-5 py-3">
        <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
      </td>
      <td className="px-5 py-3 text-xs whitespace-nowrap">
        {ranges.map((p) => (
          <div key={p.provider}>
            {p.provider}: {day(p.from)} – {day(p.to)}
          </div>
        ))}
      </td>
      <NumCell py="3">{run.rows.toLocaleString("en-US")}</NumCell>
      <NumCell py="3">{run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.startedAt.getTime()) : "running"}</NumCell>
      <td className="max-w-md px-5 py-3 text-xs text-red-700">
        {errors.map((p) => (
          <div key={p.provider}>
            {p.provider}: {p.error}
          </div>
        ))}
      </td>
    </tr>
  );
}
