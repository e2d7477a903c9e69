import Big from "big.js";
import type { Metadata } from "next";
import Link from "next/link";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { MonthPicker } from "@/components/ui/period-picker";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { getCustomersReport } from "@/lib/customers/report";
import { RULES_TEXT } from "@/lib/customers/rules";
import { monthOf } from "@/lib/dates/months";
import { formatCount, formatMonth, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { CustomerTable } from "./customer-table";
import { readCustomersView } from "./search-params";
import { TrendChart } from "./trend-chart";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers" };

const FEATURE_ROWS = 20;

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const parsed = readCustomersView(await searchParams, monthOf(new Date()));
  if (!parsed.ok) {
    return <InvalidView title="Customers" details={parsed.details} reset={{ href: "/customers", label: "Show this month" }} />;
  }
  const { month, includeAll } = parsed.view;
  const r = await getCustomersReport(ctx, { month, includeAll });
  const revenue = r.totals.revenue_usd ?? "0";
  const marginPercent = new Big(revenue).gt(0)
    ? `${new Big(r.totals.margin_usd ?? "0").div(revenue).times(100).toFixed(1)}% of revenue`
    : "No revenue entered";
  const toggle = (all: boolean) => `/customers?${new URLSearchParams({ month, ...(all ? { all: "1" } : {}) })}`;
  const features = r.rows
    .flatMap((c) => c.features.map((f) => ({ ...f, customer: c.customer, name: c.name })))
    .sort((a, b) => new Big(b.cost_usd).cmp(a.cost_usd))
    .slice(0, FEATURE_ROWS);
  const canManage = can(ctx.actor, "customers:manage");

  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Customers</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">
            What each customer costs to serve, what of it is billable{r.showsRevenue ? ", and whether they are profitable" : ""} — from the
            events that name them in <code className="font-mono text-xs">customer</code>. Money here is metered cost (what the API calls
            cost; product traffic is not on a paid plan).
          </p>
        </div>
        <MonthPicker value={month} count={13} keep={includeAll ? { all: "1" } : undefined} />
      </header>

      <nav aria-label="Which usage" className="flex flex-wrap items-center gap-3 text-sm">
        <span className="inline-flex overflow-hidden rounded-lg border border-slate-300">
          <Link
            href={toggle(false)}
            aria-current={includeAll ? undefined : "page"}
            className={includeAll ? "px-3 py-1.5 hover:bg-slate-50" : "bg-slate-900 px-3 py-1.5 text-white"}
          >
            Customer usage only
          </Link>
          <Link
            href={toggle(true)}
            aria-current={includeAll ? "page" : undefined}
            className={includeAll ? "bg-slate-900 px-3 py-1.5 text-white" : "px-3 py-1.5 hover:bg-slate-50"}
          >
            Include internal, test and staging
          </Link>
        </span>
        {!includeAll && r.excluded.requests > 0 ? (
          <span className="text-slate-600">
            Kept apart: {formatUsd(r.excluded.cost_usd)} over {formatCount(r.excluded.requests)} requests from other environments and
            internal customers.
          </span>
        ) : null}
        {can(ctx.actor, "export:download") ? (
          <a href={`/api/v1/customers/usage.csv?month=${month}`} className="ml-auto font-medium text-orange-700 hover:underline" download>
            Download billing CSV
          </a>
        ) : null}
      </nav>

      <section aria-label="The month's totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard
          label="AI cost to serve"
          value={formatUsd(r.totals.cost_usd)}
          hint={`${r.rows.length} customers, ${formatMonth(month)}`}
        />
        <StatCard
          label="Billable cost"
          value={formatUsd(r.totals.billable_cost_usd)}
          hint={`${formatUsd(r.totals.non_billable_cost_usd)} not billable`}
        />
        {r.showsRevenue ? (
          <>
            <StatCard label="Revenue" value={formatUsd(revenue)} hint="Monthly revenue from Settings → Customers" />
            <StatCard label="Gross margin" value={formatUsd(r.totals.margin_usd ?? "0")} hint={marginPercent} />
          </>
        ) : null}
      </section>

      <Panel
        headingId="customers-heading"
        title={r.showsRevenue ? "Cost to serve and margin" : "Cost to serve"}
        description={
          r.showsRevenue
            ? "Negative-margin customers first, then those at 80 % or more of a quota, then by cost."
            : "Customers at 80 % or more of a quota first, then by cost."
        }
      >
        {r.rows.length === 0 ? (
          <PanelEmpty>
            No customer usage in {formatMonth(month)}. Send events with <code className="font-mono text-xs">customer</code> set
            {canManage ? (
              <>
                {", or "}
                <Link href="/settings/customers" className="text-orange-700 underline-offset-2 hover:underline">
                  add your customers
                </Link>
              </>
            ) : null}
            .
          </PanelEmpty>
        ) : (
          <CustomerTable rows={r.rows.map((row, order) => ({ ...row, order }))} showRevenue={r.showsRevenue} />
        )}
      </Panel>

      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Panel headingId="trend-heading" title="Trend over six months" padded>
          <p className="mt-1 mb-3 text-sm text-slate-500">
            {r.showsRevenue
              ? "Cost to serve (billable and not) against revenue, per month."
              : "Cost to serve (billable and not), per month."}
          </p>
          <TrendChart data={r.trend} />
        </Panel>
        <Panel
          headingId="features-heading"
          title="Cost per customer and feature"
          description={<>The {FEATURE_ROWS} most expensive pairs this month.</>}
        >
          {features.length === 0 ? (
            <PanelEmpty>No usage yet.</PanelEmpty>
          ) : (
            <ListTable
              columns={[
                "Customer",
                "Feature",
                { label: "Requests", right: true },
                { label: "Cost", right: true },
                { label: "Billable", right: true },
              ]}
            >
              {features.map((f) => (
                <tr key={`${f.customer}:${f.feature ?? ""}`}>
                  <td className="px-5 py-2">{f.name ?? <span className="font-mono text-xs">{f.customer}</span>}</td>
                  <td className="px-5 py-2">{f.feature ?? <span className="italic text-slate-500">no feature</span>}</td>
                  <NumCell>{formatCount(f.requests)}</NumCell>
                  <UsdCell value={f.cost_usd} strong />
                  <UsdCell value={f.billable_cost_usd} />
                </tr>
              ))}
            </ListTable>
          )}
        </Panel>
      </div>

      <Panel headingId="rules-heading" title="What counts" padded>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-600">
          {RULES_TEXT.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      </Panel>
    </div>
  );
}
