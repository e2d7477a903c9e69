import type { Metadata } from "next";
import { StatCard } from "@/components/ui/stat-card";
import { requireUser } from "@/lib/auth/guard";
import { formatCount, formatPercent, formatUsd } from "@/lib/format";
import { getOverview } from "@/lib/overview/get-overview";
import { ModelTable } from "./model-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

const MONTH = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export default async function OverviewPage() {
  const overview = await getOverview(await requireUser("dashboards:read"));
  const { month, byModel, unpriced } = overview;
  const unpricedRequests = unpriced.reduce((n, r) => n + r.requests, 0);

  return (
    <div className="mx-auto max-w-6xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mt-1 text-sm text-slate-500">
          {MONTH.format(new Date(`${overview.from}T00:00:00Z`))} to date · {overview.from} – {overview.to} (UTC)
        </p>
      </header>

      <section aria-label="This month" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label="Spend this month" value={formatUsd(month.cost_usd)} hint="Metered API cost" />
        <StatCard
          label="Plan usage at API prices"
          value={formatUsd(overview.planUsageListUsd)}
          hint="What paid-plan calls would cost on the API"
        />
        <StatCard
          label="Requests"
          value={formatCount(month.requests)}
          hint={`${formatCount(month.input_tokens)} input · ${formatCount(month.output_tokens)} output tokens`}
        />
        <StatCard
          label="Unpriced events"
          value={formatCount(unpricedRequests)}
          hint={unpricedRequests > 0 ? "Unknown models: counted, cost 0 — add a price override" : "Every event has a price"}
        />
      </section>

      <section aria-labelledby="by-model" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="flex items-baseline justify-between border-b border-slate-200 px-5 py-4">
          <h2 id="by-model" className="font-semibold">
            Spend by model
          </h2>
          <span className="text-xs text-slate-500">{byModel.length} models</span>
        </div>
        {byModel.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500">
            No events this month yet. Send usage to <code className="rounded bg-slate-100 px-1">POST /api/v1/events</code> and it shows up
            here.
          </p>
        ) : (
          <ModelTable
            rows={byModel.map((r) => ({
              provider: String(r.provider),
              model: String(r.model),
              requests: formatCount(r.requests),
              tokens: formatCount(r.input_tokens + r.output_tokens),
              cost: formatUsd(r.cost_usd),
              listCost: formatUsd(r.list_cost_usd),
              share: formatPercent(r.cost_usd, month.cost_usd),
            }))}
          />
        )}
      </section>

      {unpriced.length > 0 ? (
        <section aria-labelledby="unpriced" className="rounded-xl border border-amber-200 bg-amber-50 px-5 py-4">
          <h2 id="unpriced" className="font-semibold text-amber-900">
            Unpriced models
          </h2>
          <p className="mt-1 text-sm text-amber-800">
            These events name a model with no known price. They are stored and counted with cost 0.
          </p>
          <ul className="mt-3 space-y-1 text-sm">
            {unpriced.map((r) => (
              <li key={`${r.provider}/${r.model}`} className="flex justify-between gap-4">
                <span className="font-mono">
                  {String(r.provider)}/{String(r.model)}
                </span>
                <span className="text-amber-900">
                  {formatCount(r.requests)} {r.requests === 1 ? "event" : "events"}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
