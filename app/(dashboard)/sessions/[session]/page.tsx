import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type SessionCallDatum, SessionCostChart } from "@/components/charts/session-cost-chart";
import { MeasureHint } from "@/components/measure-hint";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { PageLinks, readRowsPage } from "@/components/ui/page-links";
import { Panel } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { formatCount, formatDate, formatDuration, formatMonth, formatTime, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { getRemovedSessionMonths, getSession, type RemovedSessionMonth, SESSION_CALL_LIMIT } from "@/lib/sessions/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ session: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const id = (await params).session;
  const [found, removed] = await Promise.all([getSession(ctx, id), getRemovedSessionMonths(ctx, id)]);
  if (!found) {
    if (!removed) notFound();
    return <RemovedSession session={id} removed={removed} />;
  }
  const { summary, calls } = found;
  // The table pages through the calls; the chart and the totals keep every call.
  const paging = readRowsPage(await searchParams, calls.length);
  // Each page opens at the table's heading, not at the top of the chart.
  const pageHref = (page: number | "all") => `/sessions/${encodeURIComponent(id)}${page === 1 ? "" : `?page=${page}`}#calls-heading`;
  const start = new Date(summary.started_at);
  const end = new Date(summary.ended_at);
  const chart: SessionCallDatum[] = calls.map((c, i) => ({
    index: i + 1,
    time: formatTime(c.timestamp),
    model: c.model,
    cost: c.effective_cost_usd,
    cumulative: c.cumulative_effective_cost_usd,
  }));
  const context = [summary.users.join(", "), summary.repos.join(", "), summary.branches.join(", ")].filter(Boolean).join(" · ");

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <SessionHeader session={summary.session}>
        <p className="mt-1 text-sm text-slate-500">
          {formatDate(start)}, {formatTime(start)} – {formatTime(end)} UTC ({formatDuration(end.getTime() - start.getTime())})
          {context ? ` · ${context}` : ""}
        </p>
      </SessionHeader>

      {removed ? (
        <Alert tone="info">
          This session also had {formatCount(removed.months.reduce((n, m) => n + m.requests, 0))} calls before{" "}
          {formatMonth(removed.keepFrom.slice(0, 7))}, removed by retention: they are not in the totals and calls below (the Spend explorer
          and the export still count them).
        </Alert>
      ) : null}
      <section aria-label="Session totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard
          label="Effective cost"
          value={formatUsd(summary.effective_cost_usd)}
          hint={<MeasureHint measure="effective" totals={summary} />}
        />
        <StatCard label="At API prices" value={formatUsd(summary.list_cost_usd)} hint="List cost, paid-plan calls included" />
        <StatCard
          label="Calls"
          value={formatCount(summary.requests)}
          hint={summary.errors > 0 ? `${formatCount(summary.errors)} failed` : "None failed"}
        />
        <StatCard
          label="Tokens"
          value={formatCount(summary.input_tokens + summary.output_tokens)}
          hint={`${formatCount(summary.input_tokens)} in · ${formatCount(summary.output_tokens)} out · ${summary.models.join(", ")}`}
        />
      </section>

      <Panel
        headingId="cost-heading"
        title="Effective cost per call and running total"
        aside={
          <span className="text-xs text-slate-500">metered cost plus each plan call&apos;s share of its plan&apos;s fee that day</span>
        }
        padded
      >
        <div className="mt-4">
          <SessionCostChart calls={chart} />
        </div>
      </Panel>

      <Panel
        headingId="calls-heading"
        title="Calls in order"
        aside={
          summary.requests > calls.length ? (
            <span className="text-xs text-slate-500">
              First {formatCount(SESSION_CALL_LIMIT)} of {formatCount(summary.requests)} shown; totals above cover all.
            </span>
          ) : null
        }
      >
        <ListTable
          columns={[
            "#",
            "Time (UTC)",
            "Model",
            { label: "Tokens in / out", right: true },
            { label: "Cached", right: true },
            { label: "Metered", right: true },
            { label: "Effective", right: true },
            { label: "Running total (effective)", right: true },
            "Status",
            "Tool",
          ]}
        >
          {calls.slice(paging.first, paging.end).map((c, i) => (
            <tr key={c.id}>
              <td className="px-5 py-2 text-slate-400 tabular-nums">{paging.first + i + 1}</td>
              <td className="px-5 py-2 whitespace-nowrap tabular-nums">{formatTime(c.timestamp)}</td>
              <td className="px-5 py-2 font-mono text-xs whitespace-nowrap">{c.model}</td>
              <NumCell className="whitespace-nowrap">
                {formatCount(c.input_tokens)} / {formatCount(c.output_tokens)}
              </NumCell>
              <NumCell>{formatCount(c.cache_read_tokens)}</NumCell>
              {c.surface === "plan" ? (
                <NumCell>
                  <span title={`${formatUsd(c.list_cost_usd)} at API prices`}>plan</span>
                </NumCell>
              ) : (
                <UsdCell value={c.cost_usd} />
              )}
              <UsdCell value={c.effective_cost_usd} />
              <UsdCell value={c.cumulative_effective_cost_usd} strong />
              <td className="px-5 py-2 whitespace-nowrap">
                {c.status === "error" ? <Badge tone="bad">error</Badge> : <span className="text-slate-500">ok</span>}
                {c.latency_ms !== null ? <span className="ml-2 text-xs text-slate-400">{formatDuration(c.latency_ms)}</span> : null}
              </td>
              <td className="px-5 py-2 text-slate-600">{c.tool ?? c.agent ?? ""}</td>
            </tr>
          ))}
        </ListTable>
        <PageLinks label="Call pages" noun="calls" paging={paging} total={calls.length} href={pageHref} />
      </Panel>
    </div>
  );
}

function SessionHeader({ session, children }: { session: string; children?: React.ReactNode }) {
  return (
    <header>
      <p className="text-sm text-slate-500">
        <Link href="/" className="hover:underline">
          Overview
        </Link>{" "}
        / Session
      </p>
      <h1 className="mt-1 font-mono text-xl font-semibold break-all">{session}</h1>
      {children}
    </header>
  );
}

/** A session whose every call retention removed: what is left is its totals per month. */
function RemovedSession({ session, removed }: { session: string; removed: { keepFrom: string; months: RemovedSessionMonth[] } }) {
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <SessionHeader session={session} />
      <Alert tone="info">
        This session&apos;s calls were removed by retention: Burnrate keeps the raw events from {formatMonth(removed.keepFrom.slice(0, 7))}{" "}
        on. Its totals are still counted in the Spend explorer and the export; here they are per month.
      </Alert>
      <Panel headingId="removed-heading" title="Totals per month">
        <ListTable
          columns={["Month", { label: "Calls", right: true }, { label: "Metered", right: true }, { label: "At API prices", right: true }]}
        >
          {removed.months.map((m) => (
            <tr key={m.month}>
              <td className="px-5 py-2">{formatMonth(m.month.slice(0, 7))}</td>
              <NumCell>{formatCount(m.requests)}</NumCell>
              <UsdCell value={m.cost_usd} />
              <UsdCell value={m.list_cost_usd} />
            </tr>
          ))}
        </ListTable>
      </Panel>
    </div>
  );
}
