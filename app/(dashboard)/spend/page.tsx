import type { Metadata } from "next";
import Link from "next/link";
import { DailySpendChart } from "@/components/charts/daily-spend-chart";
import { MeasureHint } from "@/components/measure-hint";
import { MeasureSwitch } from "@/components/measure-switch";
import { Alert } from "@/components/ui/alert";
import { InvalidView } from "@/components/ui/invalid-view";
import { Panel } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { MEASURE_FIELD, MEASURE_LABELS, readMeasure } from "@/lib/effective/measures";
import { CSV_ROW_LIMIT } from "@/lib/explorer/explorer-csv";
import { getExplorer } from "@/lib/explorer/get-explorer";
import { canDeleteView, listSavedViewsOnce } from "@/lib/explorer/saved-views";
import { DIMENSION_LABELS, EXPLORER_MEASURE, NOT_SET, spendQuery, viewQuery, viewTitle } from "@/lib/explorer/view";
import { formatCount, formatDate, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import type { Dimension } from "@/lib/spend/dimensions";
import { type ActiveFilter, ExplorerFilters } from "./explorer-filters";
import { PendingProvider, PendingRegion } from "./pending";
import { readSpendView } from "./search-params";
import { SpendTable } from "./spend-table";
import { ViewActions } from "./view-actions";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const first = String((await searchParams).group_by ?? "").split(",")[0] as Dimension;
  return { title: DIMENSION_LABELS[first] ? viewTitle([first]) : "Spend explorer" };
}

export default async function SpendPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireUser("dashboards:read");
  const parsed = readSpendView(await searchParams);
  if (!parsed.ok) {
    return (
      <InvalidView
        title="Spend explorer"
        details={parsed.details}
        reset={{ href: "/spend", label: "Start over with this month by team" }}
      />
    );
  }
  const input = parsed.view;
  const query = await searchParams;
  const measure = readMeasure(query.measure, EXPLORER_MEASURE);
  // The explorer reads from the replica, if any; saved views from the primary (the page's own actions write them).
  const [x, views] = await Promise.all([getExplorer(await readContext(ctx), input, measure), listSavedViewsOnce(ctx.db, ctx.actor)]);
  const urlQuery = toUrlSearchParams(query);
  const canonical = viewQuery(urlQuery);
  const saved = views.find((v) => v.query === canonical);
  const filters: ActiveFilter[] = Object.entries(input.filters).map(([dimension, values]) => ({
    dimension: dimension as Dimension,
    values: (values ?? []).map((v) => (v === null ? "" : String(v))),
  }));
  const title = viewTitle(input.groupBy);
  const labelOf = (value: string | null) => (value === null ? "Other" : value === "" ? NOT_SET : value);
  const api = `/api/v1/spend?${spendQuery(input)}`;

  return (
    <PendingProvider>
      <div className="mx-auto max-w-7xl space-y-6">
        <header className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
            <p className="mt-1 text-sm text-slate-500">
              {formatDate(input.from)} – {formatDate(input.to)} (UTC) · {MEASURE_LABELS[measure].long.toLowerCase()}
              {filters.length > 0 ? ` · ${filters.length} ${filters.length === 1 ? "filter" : "filters"}` : ""}
            </p>
          </div>
          <div className="flex flex-col items-end gap-2">
            <div className="flex flex-wrap items-start justify-end gap-2">
              <MeasureSwitch path="/spend" params={urlQuery} measure={measure} fallback={EXPLORER_MEASURE} />
              <ViewActions
                // A fresh start (the save form closed) on every other view, and once a view is saved or deleted.
                key={`${canonical}\u0000${saved?.id ?? ""}`}
                query={canonical}
                downloadHref={`/spend/download?${urlQuery}`}
                downloadNote={
                  x.groups > CSV_ROW_LIMIT
                    ? `The ${CSV_ROW_LIMIT.toLocaleString("en-US")} most expensive groups of ${formatCount(x.groups)}`
                    : undefined
                }
                saved={saved ? { id: saved.id, name: saved.name, canDelete: canDeleteView(ctx.actor, saved) } : null}
              />
            </div>
            <a href={api} className="text-xs text-slate-500 hover:text-slate-800 hover:underline">
              Same view as JSON: <code>GET {api.length > 80 ? `${api.slice(0, 77)}…` : api}</code>
            </a>
          </div>
        </header>

        <ExplorerFilters
          today={utcToday()}
          from={input.from}
          to={input.to}
          groupBy={input.groupBy}
          interval={input.interval}
          filters={filters}
          environments={x.environments}
        />

        {input.filters.cost_source?.includes("unpriced") && can(ctx.actor, "prices:read") ? (
          <Alert tone="info">
            Unpriced events name a model no price knows: they count with cost 0.{" "}
            <Link href={unpricedLink(input.filters)} className="font-medium text-orange-700 hover:underline">
              {input.filters.model?.length === 1 ? `Add a price for ${input.filters.model[0]}` : "Add their prices in Settings → Prices"}
            </Link>
            , then reprice the stored events there.
          </Alert>
        ) : null}

        <PendingRegion>
          <div className="space-y-6">
            <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <StatCard
                label={MEASURE_LABELS[measure].long}
                value={formatUsd(x.totals[MEASURE_FIELD[measure]])}
                hint={<MeasureHint measure={measure} totals={x.totals} />}
              />
              <StatCard
                label="Requests"
                value={x.totals.requests.toLocaleString("en-US")}
                hint={`${formatCount(x.groups)} group${x.groups === 1 ? "" : "s"}`}
              />
              <StatCard
                label="Tokens"
                value={formatCount(x.totals.input_tokens + x.totals.output_tokens)}
                hint={`${formatCount(x.totals.input_tokens)} in · ${formatCount(x.totals.output_tokens)} out`}
              />
              <StatCard
                label="Cost per request"
                value={x.overall.cost_per_request_usd === null ? "—" : formatUsd(x.overall.cost_per_request_usd)}
                hint={
                  x.overall.cache_hit_rate === null ? "No input tokens" : `Cache hit rate ${(x.overall.cache_hit_rate * 100).toFixed(1)}%`
                }
              />
            </section>

            <Panel aria-labelledby="series-heading" padded>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="series-heading" className="font-semibold">
                  {DIMENSION_LABELS[input.groupBy[0] as Dimension]} over time
                </h2>
                <span className="text-xs text-slate-500">
                  per {x.interval} · top {x.series.filter((s) => s.value !== null).length}
                  {x.series.some((s) => s.value === null) ? " and other" : ""}
                </span>
              </div>
              <div className="mt-4">
                {x.series.length > 0 ? (
                  <DailySpendChart
                    interval={x.interval}
                    data={x.points.map((p) => ({ date: p.period, values: p.values }))}
                    series={x.series.map((s) => ({
                      key: s.key,
                      label: labelOf(s.value),
                      value: s.value ?? undefined,
                      bucket: s.value === null ? "other" : s.value === "" ? "not-set" : undefined,
                    }))}
                    period={{ from: input.from, to: input.to, today: utcToday() }}
                    drill={{ query: toUrlSearchParams(query).toString(), dimension: input.groupBy[0] as Dimension }}
                  />
                ) : (
                  <p className="py-16 text-center text-sm text-slate-500">No {MEASURE_LABELS[measure].long.toLowerCase()} in this view.</p>
                )}
              </div>
            </Panel>

            <Panel aria-labelledby="table-heading">
              <h2 id="table-heading" className="sr-only">
                {title}
              </h2>
              {x.rows.length > 0 ? (
                <SpendTable
                  rows={x.rows}
                  groupBy={input.groupBy}
                  groups={x.groups}
                  mergedPrMetric={x.mergedPrMetric}
                  names={x.names}
                  measure={measure}
                />
              ) : (
                <div className="px-5 py-12 text-center text-sm text-slate-500">
                  <p>No events match this view.</p>
                  <p className="mt-1">
                    Try a longer date range or remove a filter
                    {filters.length > 0 ? (
                      <>
                        {" "}
                        —{" "}
                        <Link href={`/spend?group_by=${input.groupBy.join(",")}`} className="text-orange-700 hover:underline">
                          show this month without filters
                        </Link>
                      </>
                    ) : (
                      "."
                    )}
                  </p>
                </div>
              )}
            </Panel>
          </div>
        </PendingRegion>
      </div>
    </PendingProvider>
  );
}

/** One model in the filter: the price form pre-filled for it (from its first unpriced day); else the unpriced list. */
function unpricedLink(filters: { provider?: unknown[]; model?: unknown[] }): string {
  if (filters.model?.length !== 1) return "/settings/prices#unpriced-heading";
  const q = new URLSearchParams({
    ...(filters.provider?.length === 1 ? { provider: String(filters.provider[0]) } : {}),
    model: String(filters.model[0]),
  });
  return `/settings/prices?${q}#price-form-heading`;
}
