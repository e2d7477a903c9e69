"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useRefreshWhileActive } from "@/components/ui/use-refresh-while";
import { syncNowAction } from "./actions";

export interface RunningProgress {
  provider: string;
  percent: number;
  rows: number;
}

/** "Sync now", and while a run is going its live progress: the page re-reads the run every second until it ends. */
export function SyncPanel({ running, connected }: { running: RunningProgress[] | null; connected: boolean }) {
  const [state, action, pending] = useActionState(syncNowAction, { ok: true });
  const active = running !== null;
  useRefreshWhileActive(active, state.ok && state.message ? state : null);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={!connected || pending || active}>
          {active ? "Syncing…" : pending ? "Starting…" : "Sync now"}
        </Button>
        {!connected ? <span className="text-sm text-slate-500">Connect a provider first.</span> : null}
      </form>
      {running ? (
        <div role="status" aria-label="Sync progress" className="space-y-2">
          {running.map((r) => (
            <div key={r.provider}>
              <div className="flex justify-between text-sm">
                <span className="font-medium">{r.provider}</span>
                <span className="tabular-nums text-slate-600">
                  {r.percent}% · {r.rows.toLocaleString("en-US")} rows
                </span>
              </div>
              <progress className="h-2 w-full accent-orange-500" max={100} value={r.percent} aria-label={`${r.provider} sync progress`} />
            </div>
          ))}
        </div>
      ) : null}
      {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
    </div>
  );
}
