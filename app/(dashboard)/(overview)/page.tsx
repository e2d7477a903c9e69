import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DailySpendChart } from "@/components/charts/daily-spend-chart";
import { MeasureSwitch, measureNote } from "@/components/measure-switch";
import { InvalidView } from "@/components/ui/invalid-view";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { monthOfDay, monthStartOf } from "@/lib/dates/months";
import { MEASURE_FIELD, MEASURE_LABELS, readMeasure } from "@/lib/effective/measures";
import { formatCount, formatMonth, formatPercent, formatUsd } from "@/lib/format";
import { listPullRequests } from "@/lib/github/pull-requests";
import { requireUser } from "@/lib/http/guard";
import { type PageSearchParams, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import { getOverview, OVERVIEW_MEASURE, type PeriodSpend } from "@/lib/overview/get-overview";
import { AlertsStrip } from "./alerts-strip";
import { ModelTable } from "./model-table";
import { ProviderBillStrip } from "./provider-bill-strip";
import { TopSessions, TopSessionsSkeleton } from "./top-sessions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

function Change({ period }: { period: PeriodSpend }) {
  if (period.change_percent === null) return <span>{period.previous.label}: nothing spent</span>;
  const pct = Number(period.change_percent);
  const tone = pct > 0 ? "text-amber-700" : pct < 0 ? "text-emerald-700" : "text-slate-500";
  return (
    <span>
      <span className={`font-medium ${tone}`}>
        {pct > 0 ? "▲" : pct < 0 ? "▼" : "="} {Math.abs(pct).toFixed(1)}%
      </span>{" "}
      {period.previous.label} ({formatUsd(period.previous_amount_usd)})
    </span>
  );
}

/** The chart's drill-down: the explorer over the chart's 30 days, by provider, in the Overview's measure. */
function drillQuery(period: { from: string; to: string }, measure: PageSearchParams[string]): string {
  const q = new URLSearchParams({ from: period.from, to: period.to, group_by: "provider" });
  if (typeof measure === "string" && measure) q.set("measure", measure);
  return q.toString();
}

function monthToDate() {
  const to = utcToday();
  return { from: monthStartOf(to), to };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const query = await searchParams;
  const parsed = parsePageQuery(() => readMeasure(query.measure, OVERVIEW_MEASURE));
  if (!parsed.ok) return <InvalidView title="Overview" details={parsed.details} reset={{ href: "/", label: "Open the Overview" }} />;
  const measure = parsed.view;
  const field = MEASURE_FIELD[measure];
  const [o, prs] = await Promise.all([
    getOverview(ctx, new Date(), { measure }),
    listPullRequests(ctx, { ...monthToDate(), state: "merged" }),
  ]);
  const perMergedPr = {
    cost: prs.summary.cost_per_merged_pr_usd,
    effective: prs.summary.effective_cost_per_merged_pr_usd,
    list: prs.summary.list_cost_per_merged_pr_usd,
  }[measure];
  const unpricedRequests = o.unpriced.reduce((n, r) => n + r.requests, 0);
  const chartPeriod = { from: o.daily[0]?.date ?? o.from, to: o.to, today: o.to };

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="mt-1 text-sm text-slate-500">
            {formatMonth(monthOfDay(o.from))} to date · {o.from} – {o.to} (UTC) · {measureNote(measure)}
          </p>
        </div>
        <MeasureSwitch path="/" params={toUrlSearchParams(query)} measure={measure} fallback={OVERVIEW_MEASURE} />
      </header>

      <section aria-label="Spend by period" className="grid gap-4 sm:grid-cols-3">
        {o.periods.map((p) => (
          <section key={p.key} aria-label={p.label}>
            <StatCard label={p.label} value={formatUsd(p.amount_usd)} hint={<Change period={p} />} />
          </section>
        ))}
      </section>

      <Suspense fallback={null}>
        <AlertsStrip ctx={ctx} />
      </Suspense>

      <Suspense fallback={null}>
        <ProviderBillStrip ctx={ctx} from={o.from} to={o.to} />
      </Suspense>

      <div className="grid gap-6 lg:grid-cols-3">
        <Panel
          headingId="daily-heading"
          title="Daily spend, last 30 days"
          aside={<span className="text-xs text-slate-500">{MEASURE_LABELS[measure].long} by provider</span>}
          padded
          className="flex flex-col lg:col-span-2"
        >
          <div className="mt-4 flex flex-1 flex-col">
            {o.daily.some((d) => d.total_usd !== "0.0000000000") ? (
              <DailySpendChart
                data={o.daily.map((d) => ({
                  date: d.date,
                  values: Object.fromEntries(o.providers.map((p, i) => [`s${i}`, d.by_provider[p] ?? "0"])),
                  rolling7: d.rolling7_usd,
                }))}
                series={o.providers.map((p, i) => ({ key: `s${i}`, label: p }))}
                period={chartPeriod}
                drill={{ query: drillQuery(chartPeriod, query.measure), dimension: "provider" }}
                legend="list"
                grow
              />
            ) : (
              <p className="py-16 text-center text-sm text-slate-500">
                No {MEASURE_LABELS[measure].long.toLowerCase()} in the last 30 days.
              </p>
            )}
          </div>
        </Panel>

        <section aria-label="Unit costs" className="grid content-start gap-4">
          <StatCard
            label="What we pay this month"
            value={formatUsd(o.paidUsd)}
            hint={
              <>
                = metered {formatUsd(o.month.cost_usd)} + plan fees {formatUsd(o.month.plan_fees_usd)} to date (fees prorated by day; the
                whole month&apos;s plan fees are {formatUsd(o.monthPlanFeesUsd)}). Equals this month&apos;s effective cost.
              </>
            }
          />
          <StatCard
            label={`Average ${MEASURE_LABELS[measure].short.toLowerCase()} cost per request`}
            value={o.costPerRequestUsd ? formatUsd(o.costPerRequestUsd) : "—"}
            hint={`${formatCount(o.month.requests)} requests this month`}
          />
          <StatCard
            label="Plan usage at API prices"
            value={formatUsd(o.planUsageListUsd)}
            hint="What paid-plan calls this month would cost on the API"
            href="/surfaces"
            linkLabel="Plan value and verdicts"
          />
          <StatCard
            label={`${MEASURE_LABELS[measure].short} cost per merged PR`}
            value={perMergedPr ? formatUsd(perMergedPr) : "—"}
            hint={`${formatCount(prs.summary.merged)} merged this month`}
            href="/pull-requests"
            linkLabel="Pull requests"
          />
        </section>
      </div>

      <section aria-label="Attribution gaps" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard
          label="Spend without a team"
          href={o.untagged.team.requests > 0 ? "/spend?team=&group_by=user" : undefined}
          value={formatUsd(o.untagged.team.amount_usd)}
          hint={`${formatPercent(o.untagged.team.amount_usd, o.month[field])} of this month · ${formatCount(o.untagged.team.requests)} requests`}
        />
        <StatCard
          label="Spend without a feature"
          href={o.untagged.feature.requests > 0 ? "/spend?feature=&group_by=team" : undefined}
          value={formatUsd(o.untagged.feature.amount_usd)}
          hint={`${formatPercent(o.untagged.feature.amount_usd, o.month[field])} of this month · ${formatCount(o.untagged.feature.requests)} requests`}
        />
        <StatCard
          label="Spend without a person"
          href={o.untagged.person.requests > 0 ? "/people" : undefined}
          value={formatUsd(o.untagged.person.amount_usd)}
          hint={`${formatPercent(o.untagged.person.amount_usd, o.month[field])} of this month · ${formatCount(o.untagged.person.requests)} requests`}
        />
        <StatCard
          label="Unpriced events"
          href={unpricedRequests > 0 ? "/spend?cost_source=unpriced&group_by=model" : undefined}
          value={formatCount(unpricedRequests)}
          hint={unpricedRequests > 0 ? "Unknown models: counted, cost 0 — add a price in Settings → Prices" : "Every event has a price"}
        />
      </section>

      <div className="grid gap-6 2xl:grid-cols-5">
        <Panel
          headingId="by-model"
          title={`${MEASURE_LABELS[measure].long} by model`}
          aside={
            <span className="text-xs text-slate-500">
              {o.byModel.length} models ·{" "}
              <Link href="/spend?group_by=model" className="font-medium text-orange-700 hover:underline">
                Explore
              </Link>
            </span>
          }
          className="2xl:col-span-3"
        >
          {o.byModel.length === 0 ? (
            <PanelEmpty>
              No events this month yet. Send usage to <code className="rounded bg-slate-100 px-1">POST /api/v1/events</code> and it shows up
              here.
            </PanelEmpty>
          ) : (
            <ModelTable
              amountLabel={MEASURE_LABELS[measure].long}
              rows={o.byModel.map((r) => ({
                provider: String(r.provider),
                model: String(r.model),
                requests: formatCount(r.requests),
                tokens: formatCount(r.input_tokens + r.output_tokens),
                cost: formatUsd(r[field]),
                listCost: formatUsd(r.list_cost_usd),
                share: formatPercent(r[field], o.month[field]),
                unused: r.unused_plan_fee === true,
              }))}
            />
          )}
        </Panel>

        <Suspense fallback={<TopSessionsSkeleton />}>
          <TopSessions ctx={ctx} />
        </Suspense>
      </div>

      {o.unpriced.length > 0 ? (
        <section aria-labelledby="unpriced" className="rounded-xl border border-amber-200 bg-amber-50 px-5 py-4">
          <h2 id="unpriced" className="font-semibold text-amber-900">
            Unpriced models
          </h2>
          <p className="mt-1 text-sm text-amber-800">
            These events name a model with no known price. They are stored and counted with cost 0.
          </p>
          <ul className="mt-3 space-y-1 text-sm">
            {o.unpriced.map((r) => (
              <li key={`${r.provider}/${r.model}`} className="flex justify-between gap-4">
                <span className="font-mono">
                  {String(r.provider)}/{String(r.model)}
                </span>
                <span className="flex items-center gap-3 text-amber-900">
                  {formatCount(r.requests)} {r.requests === 1 ? "event" : "events"}
                  {can(ctx.actor, "prices:manage") ? (
                    <Link
                      href={`/settings/prices?${new URLSearchParams({ provider: String(r.provider), model: String(r.model) })}#price-form-heading`}
                      className="rounded-md border border-amber-300 bg-white px-2 py-0.5 text-xs hover:bg-amber-100"
                      aria-label={`Add a price for ${r.provider}/${r.model}`}
                    >
                      Add a price
                    </Link>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
