import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MeasureHint } from "@/components/measure-hint";
import { MeasureSwitch } from "@/components/measure-switch";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { PageLinks, readRowsPage } from "@/components/ui/page-links";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { MEASURE_FIELD, MEASURE_LABELS, type Measure, readMeasure } from "@/lib/effective/measures";
import { formatCount, formatDateTime, formatMonth, formatPercent, formatUsd } from "@/lib/format";
import { getPullRequest, PR_CALL_LIMIT } from "@/lib/github/pull-request-detail";
import { requireUser } from "@/lib/http/guard";
import { type PageSearchParams, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { PR_MEASURE } from "../../../search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pull request" };

const NOT_SET = <span className="text-slate-400 italic">(not set)</span>;

export default async function PullRequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ owner: string; repo: string; number: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const { owner, repo, number } = await params;
  const query = await searchParams;
  const parsedMeasure = parsePageQuery(() => readMeasure(query.measure, PR_MEASURE));
  if (!parsedMeasure.ok)
    return <InvalidView title="Pull request" details={parsedMeasure.details} reset={{ href: "/pull-requests", label: "Pull requests" }} />;
  const measure = parsedMeasure.view;
  const field = MEASURE_FIELD[measure];
  const label = MEASURE_LABELS[measure];
  const cumulative = {
    cost: "cumulative_cost_usd",
    effective: "cumulative_effective_cost_usd",
    list: "cumulative_list_cost_usd",
  } as const satisfies Record<Measure, string>;
  const found = /^\d{1,9}$/.test(number) ? await getPullRequest(ctx, `${owner}/${repo}`, Number(number)) : null;
  if (!found) notFound();
  const { pr, totals, byWorkflow, sessions, calls } = found;
  const ended = pr.merged_at ?? pr.closed_at;
  // Retention removes raw events before its first month: a pull request opened earlier lost (some of) its calls.
  const keepFrom = retentionKeepFrom();
  const callsRemoved = keepFrom !== null && pr.opened_at < `${keepFrom}T00:00:00Z` ? keepFrom : null;
  // The calls table pages through the calls (the measure kept); the totals above cover every call.
  const paging = readRowsPage(query, calls.length);
  const pageHref = (page: number | "all") => {
    const params = new URLSearchParams();
    if (typeof query.measure === "string") params.set("measure", query.measure);
    if (page !== 1) params.set("page", String(page));
    const search = params.toString();
    return `/pull-requests/${pr.repo}/${pr.number}${search ? `?${search}` : ""}#calls-heading`;
  };

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header className="space-y-1">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <p className="text-sm text-slate-500">
            <Link href="/pull-requests" className="hover:underline">
              Pull requests
            </Link>{" "}
            / {pr.repo}#{pr.number}
          </p>
          <MeasureSwitch
            path={`/pull-requests/${pr.repo}/${pr.number}`}
            params={toUrlSearchParams(query)}
            measure={measure}
            fallback={PR_MEASURE}
          />
        </div>
        <h1 className="mt-1 text-xl font-semibold">{pr.title}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
          <Badge tone={pr.state === "merged" ? "good" : pr.state === "closed" ? "bad" : "neutral"}>
            {pr.state === "closed" ? "abandoned" : pr.state}
          </Badge>
          <span>
            {pr.author ?? "unknown author"}
            {pr.author_is_bot ? " (bot)" : ""} · branch <code>{pr.head_ref}</code> · opened {formatDateTime(pr.opened_at)}
            {ended ? ` · ${pr.state === "merged" ? "merged" : "closed"} ${formatDateTime(ended)}` : ""}
          </span>
          {pr.html_url ? (
            <a href={pr.html_url} className="text-orange-700 hover:underline" rel="noreferrer" target="_blank">
              On GitHub ↗
            </a>
          ) : null}
        </p>
      </header>

      <section aria-label="Pull request totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label={label.long} value={formatUsd(totals[field])} hint={<MeasureHint measure={measure} totals={totals} />} />
        <StatCard
          label="Requests"
          value={formatCount(totals.requests)}
          hint={`${formatCount(totals.sessions)} session${totals.sessions === 1 ? "" : "s"}`}
        />
        <StatCard
          label="Tokens"
          value={formatCount(totals.input_tokens + totals.output_tokens)}
          hint={`${formatCount(totals.input_tokens)} in · ${formatCount(totals.output_tokens)} out`}
        />
        <StatCard
          label="Change size"
          value={pr.additions === null ? "—" : `+${formatCount(pr.additions)} −${formatCount(pr.deletions ?? 0)}`}
          hint="Lines, as GitHub reported them"
        />
      </section>

      <div className="grid gap-6 xl:grid-cols-2">
        <Panel headingId="steps-heading" title={`${label.long} by workflow step`}>
          <ListTable
            columns={["Step", { label: "Requests", right: true }, { label: label.long, right: true }, { label: "Share", right: true }]}
          >
            {byWorkflow.map((w) => (
              <tr key={w.workflow ?? "(none)"}>
                <td className="px-5 py-2">{w.workflow ?? NOT_SET}</td>
                <NumCell>{formatCount(w.requests)}</NumCell>
                <UsdCell value={w[field]} strong />
                <NumCell className="text-slate-600">{formatPercent(w[field], totals[field])}</NumCell>
              </tr>
            ))}
          </ListTable>
        </Panel>
        <Panel headingId="sessions-heading" title="Sessions that fed it">
          <ListTable columns={["Session", { label: "Calls", right: true }, { label: label.long, right: true }]}>
            {sessions.map((s) => (
              <tr key={s.session ?? "(none)"}>
                <td className="max-w-[16rem] truncate px-5 py-2 font-mono text-xs">
                  {s.session ? (
                    <Link href={`/sessions/${encodeURIComponent(s.session)}`} className="text-orange-700 hover:underline">
                      {s.session}
                    </Link>
                  ) : (
                    NOT_SET
                  )}
                  <div className="truncate font-sans text-slate-500">{s.models.join(", ")}</div>
                </td>
                <NumCell>{formatCount(s.requests)}</NumCell>
                <UsdCell value={s[field]} strong />
              </tr>
            ))}
          </ListTable>
        </Panel>
      </div>

      <Panel
        headingId="calls-heading"
        title="Calls in order"
        aside={
          totals.requests > calls.length ? (
            <span className="text-xs text-slate-500">
              First {formatCount(PR_CALL_LIMIT)} of {formatCount(totals.requests)} shown; totals above cover all.
            </span>
          ) : null
        }
      >
        {callsRemoved ? (
          <p className="border-b border-slate-100 px-5 py-3 text-sm text-slate-600">
            Calls before {formatMonth(callsRemoved.slice(0, 7))} were removed by retention (Burnrate keeps the raw events from then on):
            this pull request&apos;s totals and calls hold only the ones after.
          </p>
        ) : null}
        {calls.length === 0 && callsRemoved ? null : calls.length === 0 ? (
          <PanelEmpty>
            No calls joined to this pull request yet: tag agent events with <code>repo: {pr.repo}</code> and <code>pr: {pr.number}</code> or{" "}
            <code>branch: {pr.head_ref}</code>.
          </PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Time (UTC)",
              "Model",
              "Step",
              "Tool",
              "Tokens in / out",
              { label: label.long, right: true },
              { label: "Running total", right: true },
            ]}
          >
            {calls.slice(paging.first, paging.end).map((c) => (
              <tr key={c.id}>
                <td className="px-5 py-2 whitespace-nowrap tabular-nums">{formatDateTime(c.timestamp, { zone: false })}</td>
                <td className="px-5 py-2 font-mono text-xs whitespace-nowrap">{c.model}</td>
                <td className="px-5 py-2">{c.workflow ?? ""}</td>
                <td className="px-5 py-2 text-slate-600">{c.tool ?? ""}</td>
                <td className="px-5 py-2 whitespace-nowrap tabular-nums">
                  {formatCount(c.input_tokens)} / {formatCount(c.output_tokens)}
                  {c.status === "error" ? (
                    <span className="ml-2">
                      <Badge tone="bad">error</Badge>
                    </span>
                  ) : null}
                </td>
                <UsdCell value={c[field]} />
                <UsdCell value={c[cumulative[measure]]} strong />
              </tr>
            ))}
          </ListTable>
        )}
        <PageLinks label="Call pages" noun="calls" paging={paging} total={calls.length} href={pageHref} />
      </Panel>
    </div>
  );
}
