import Big from "big.js";
import type { Metadata } from "next";
import Link from "next/link";
import { DailySpendChart } from "@/components/charts/daily-spend-chart";
import { MeasureSwitch, measureNote } from "@/components/measure-switch";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { toolActivityTotals } from "@/lib/coding-tools/activity";
import { utcToday } from "@/lib/dates/calendar";
import { MEASURE_FIELD, MEASURE_LABELS } from "@/lib/effective/measures";
import { datePresets } from "@/lib/explorer/view";
import { formatCount, formatDate, formatUsd } from "@/lib/format";
import { BREAKDOWNS, type Breakdown, getPullRequestStats } from "@/lib/github/pull-request-stats";
import { listPullRequests } from "@/lib/github/pull-requests";
import { requireUser } from "@/lib/http/guard";
import { toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import { usdString } from "@/lib/money";
import { PROVIDER_LABELS } from "@/lib/providers/connections";
import { PullRequestTable } from "./pull-request-table";
import { PR_MEASURE, readPullRequestsView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pull requests" };

const BREAKDOWN_LABEL: Record<Breakdown, string> = {
  repo: "Repository",
  workflow: "Workflow step",
  model: "Model",
  tool: "Tool / MCP server",
};
const CHIP = "rounded-md border px-2.5 py-1.5 text-sm";

export default async function PullRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const raw = await searchParams;
  const parsed = readPullRequestsView(raw);
  if (!parsed.ok) {
    return <InvalidView title="Pull requests" details={parsed.details} reset={{ href: "/pull-requests", label: "Show this month" }} />;
  }
  const { input, measure } = parsed.view;
  const field = MEASURE_FIELD[measure];
  const label = MEASURE_LABELS[measure];
  const params = toUrlSearchParams(raw);
  // Open PRs are listed whatever the dates: the list holds them unless a state filter excludes them.
  const openInList = input.state === undefined || input.state === "open";
  const [list, stats, others, tools] = await Promise.all([
    listPullRequests(ctx, input),
    getPullRequestStats(ctx, input, measure),
    openInList ? null : listPullRequests(ctx, { ...input, state: "open" }),
    toolActivityTotals(ctx, input),
  ]);
  const openRows = (others ?? list).rows.filter((r) => r.state === "open");
  const openCost = usdString(openRows.reduce((sum, r) => sum.plus(r[field]), new Big(0)));
  const summary = {
    cost: { perMerged: list.summary.cost_per_merged_pr_usd, abandoned: list.summary.abandoned_cost_usd },
    effective: { perMerged: list.summary.effective_cost_per_merged_pr_usd, abandoned: list.summary.effective_abandoned_cost_usd },
    list: { perMerged: list.summary.list_cost_per_merged_pr_usd, abandoned: list.summary.list_abandoned_cost_usd },
  }[measure];
  const link = (change: Record<string, string | null>) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) v === null ? q.delete(k) : q.set(k, v);
    return `/pull-requests${q.size > 0 ? `?${q}` : ""}`;
  };
  const presets = datePresets(utcToday()).filter((p) => p.key !== "7d");

  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Pull requests</h1>
          <p className="mt-1 text-sm text-slate-500">
            Merged or closed {formatDate(input.from)} – {formatDate(input.to)} (UTC), and every open one · agent and model spend joined by
            PR number or branch · {measureNote(measure)}
          </p>
        </div>
        <MeasureSwitch path="/pull-requests" params={params} measure={measure} fallback={PR_MEASURE} />
      </header>

      <nav aria-label="Filters" className="flex flex-wrap items-center gap-2">
        {presets.map((p) => {
          const active = p.from === input.from && p.to === input.to;
          return (
            <Link
              key={p.key}
              href={link({ from: p.key === "mtd" ? null : p.from, to: p.key === "mtd" ? null : p.to })}
              aria-current={active ? "true" : undefined}
              className={`${CHIP} ${active ? "border-orange-300 bg-orange-50 text-orange-800" : "border-slate-300 bg-white hover:bg-slate-50"}`}
            >
              {p.label}
            </Link>
          );
        })}
        <span className="mx-2 h-5 border-l border-slate-300" aria-hidden />
        {([null, "merged", "closed", "open"] as const).map((s) => (
          <Link
            key={s ?? "all"}
            href={link({ state: s })}
            aria-current={(input.state ?? null) === s ? "true" : undefined}
            className={`${CHIP} ${(input.state ?? null) === s ? "border-orange-300 bg-orange-50 text-orange-800" : "border-slate-300 bg-white hover:bg-slate-50"}`}
          >
            {s === null ? "All" : s === "closed" ? "Abandoned" : s === "merged" ? "Merged" : "Open"}
          </Link>
        ))}
        {input.repo ? (
          <Link
            href={link({ repo: null })}
            className={`${CHIP} border-slate-300 bg-slate-50`}
            aria-label={`Remove filter repository ${input.repo}`}
          >
            {input.repo} ×
          </Link>
        ) : null}
      </nav>

      <section aria-label="Summary" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard
          label={`${label.short} cost per merged PR`}
          value={summary.perMerged ? formatUsd(summary.perMerged) : "—"}
          hint={`${formatCount(list.summary.merged)} merged${
            measure !== "cost" && list.summary.cost_per_merged_pr_usd ? ` · metered ${formatUsd(list.summary.cost_per_merged_pr_usd)}` : ""
          }`}
        />
        <StatCard
          label={`Abandoned spend (${label.short.toLowerCase()})`}
          value={formatUsd(summary.abandoned)}
          hint={`${formatCount(list.summary.closed)} closed without merging`}
        />
        <StatCard
          label="Open work in progress"
          value={formatCount(openRows.length)}
          hint={`${formatUsd(openCost)} ${label.short.toLowerCase()} so far`}
        />
        <StatCard
          label="Merged PRs per week"
          value={stats.weekly.length > 0 ? (list.summary.merged / stats.weekly.length).toFixed(1) : "—"}
          hint="Average over weeks with a merge"
        />
      </section>

      <div className="grid gap-6 xl:grid-cols-5">
        <Panel headingId="trend-heading" title={`${label.short} cost per merged PR, by week merged`} padded className="xl:col-span-3">
          <div className="mt-4">
            {stats.weekly.length > 0 ? (
              <DailySpendChart
                interval="week"
                data={stats.weekly.map((w) => ({ date: w.week, values: { cpp: w.cost_per_merged_pr_usd ?? "0" } }))}
                series={[{ key: "cpp", label: `${label.short} cost per merged PR`, value: "cost per merged PR" }]}
                period={{ from: input.from, to: input.to, today: utcToday() }}
                height={240}
              />
            ) : (
              <p className="py-16 text-center text-sm text-slate-500">No pull request merged in this range.</p>
            )}
          </div>
        </Panel>
        <Panel headingId="split-heading" title="Where a merged PR's cost goes" padded className="xl:col-span-2">
          <div className="mt-3 grid gap-4 sm:grid-cols-2">
            {BREAKDOWNS.map((b) => (
              <div key={b}>
                <h3 className="text-xs font-medium tracking-wide text-slate-500 uppercase">{BREAKDOWN_LABEL[b]}</h3>
                <ul className="mt-1 space-y-0.5 text-sm">
                  {stats.breakdowns[b].slice(0, 5).map((r) => (
                    <li key={r.value ?? "(none)"} className="flex justify-between gap-3">
                      <span className="truncate">
                        {b === "repo" && r.value ? (
                          <Link href={link({ repo: r.value })} className="hover:underline">
                            {r.value}
                          </Link>
                        ) : (
                          (r.value ?? <span className="text-slate-400 italic">(not set)</span>)
                        )}
                      </span>
                      <span className="tabular-nums">{formatUsd(r.cost_per_merged_pr_usd)}</span>
                    </li>
                  ))}
                  {stats.breakdowns[b].length === 0 ? <li className="text-slate-400">—</li> : null}
                </ul>
              </div>
            ))}
          </div>
        </Panel>
      </div>

      {tools.length > 0 ? (
        <Panel
          headingId="tools-heading"
          title="What the coding tools report"
          description={`Beside Burnrate's own join (${formatCount(list.summary.merged)} merged above, from GitHub's webhooks): what each vendor's admin API counts its users made with the tool, ${formatDate(input.from)} – ${formatDate(input.to)}. The counts overlap the pull requests above; they do not add to them. — means the vendor does not report it.`}
        >
          <ListTable
            columns={[
              "Tool",
              { label: "People", right: true },
              { label: "Pull requests", right: true },
              { label: "Commits", right: true },
              { label: "Lines added", right: true },
              { label: "Lines removed", right: true },
              { label: "Accepted suggestions", right: true },
              { label: "Sessions", right: true },
            ]}
          >
            {tools.map((t) => (
              <tr key={t.source}>
                <td className="px-5 py-2">{PROVIDER_LABELS[t.source]}</td>
                {([t.people, t.pull_requests, t.commits, t.lines_added, t.lines_removed, t.accepted, t.sessions] as const).map((n, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <NumCell key={i}>{n === null ? "—" : formatCount(n)}</NumCell>
                ))}
              </tr>
            ))}
          </ListTable>
        </Panel>
      ) : null}

      <Panel aria-labelledby="table-heading">
        <h2 id="table-heading" className="sr-only">
          Pull requests
        </h2>
        {list.rows.length > 0 ? (
          <PullRequestTable rows={list.rows} measure={measure} />
        ) : (
          <div className="px-5 py-12 text-center text-sm text-slate-500">
            <p>No pull requests here yet.</p>
            <p className="mt-1">
              Add the GitHub webhook (README → Connect GitHub) and tag agent calls with <code>repo</code>, <code>branch</code> and{" "}
              <code>pr</code>.
            </p>
          </div>
        )}
      </Panel>
    </div>
  );
}
