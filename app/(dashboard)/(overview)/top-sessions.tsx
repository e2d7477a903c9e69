import Link from "next/link";
import type { ReactNode } from "react";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import type { Ctx } from "@/lib/auth/actor";
import { formatCount, formatDateTime, formatUsd } from "@/lib/format";
import { getOverviewSessions } from "@/lib/overview/get-overview";

function Frame({ subtitle, children }: { subtitle: ReactNode; children: ReactNode }) {
  return (
    <Panel aria-labelledby="top-sessions" className="2xl:col-span-2">
      <PanelHeader>
        <h2 id="top-sessions" className="font-semibold">
          Most expensive sessions this month
        </h2>
        <p className="mt-0.5 text-xs text-slate-500">{subtitle}</p>
      </PanelHeader>
      {children}
    </Panel>
  );
}

/** Streamed after the rest of the Overview: it aggregates per session, the one Overview query that is not a rollup read. */
export async function TopSessions({ ctx }: { ctx: Ctx }) {
  const s = await getOverviewSessions(ctx);
  return (
    <Frame
      subtitle={
        s.costPerSessionUsd
          ? `${formatCount(s.sessions)} ${s.sessions === 1 ? "session" : "sessions"} (conversations, agent runs) · metered cost, average ${formatUsd(s.costPerSessionUsd)} each (a session's page adds its plan fee share)`
          : "Sessions are conversations or agent runs: send a session id with each event."
      }
    >
      {s.top.length === 0 ? (
        <PanelEmpty>No events carry a session yet.</PanelEmpty>
      ) : (
        <ol className="divide-y divide-slate-100">
          {s.top.map((t) => (
            <li key={t.session} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
              <div className="min-w-0">
                <Link
                  href={`/sessions/${encodeURIComponent(t.session)}`}
                  className="block truncate font-mono text-xs font-medium text-orange-700 hover:underline"
                >
                  {t.session}
                </Link>
                <div className="mt-0.5 truncate text-xs text-slate-500">
                  {[t.agent, t.user, t.repo].filter(Boolean).join(" · ") || "—"} · {formatCount(t.requests)} calls ·{" "}
                  {formatDateTime(new Date(t.started_at))}
                </div>
              </div>
              <div className="text-right font-medium tabular-nums">{formatUsd(t.cost_usd)}</div>
            </li>
          ))}
        </ol>
      )}
    </Frame>
  );
}

export function TopSessionsSkeleton() {
  return (
    <Frame subtitle="Adding up this month's sessions…">
      <div role="status" aria-label="Loading sessions" className="animate-pulse space-y-3 px-5 py-4">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-8 rounded bg-slate-100" />
        ))}
      </div>
    </Frame>
  );
}
