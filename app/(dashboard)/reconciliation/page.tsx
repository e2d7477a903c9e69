import Big from "big.js";
import { clsx } from "clsx";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import { Segmented } from "@/components/ui/segmented";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { getToolReconciliation } from "@/lib/coding-tools/reconciliation";
import { addMonths, monthOf, monthRange } from "@/lib/dates/months";
import { formatCount, formatDateTime, formatMonth, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { type BillDimension, listProviderBill } from "@/lib/providers/bill";
import { BILL_PROVIDERS, PROVIDER_LABELS } from "@/lib/providers/connections";
import { gapDays, isOverThreshold, untaggedPercent } from "@/lib/providers/gap-days";
import { listProviderStatus } from "@/lib/providers/queries";
import { getReconciliation } from "@/lib/providers/reconciliation";
import { listSpend } from "@/lib/spend/list-spend";
import { CodingToolsPanel } from "./coding-tools-panel";
import { ConnectProviderPanel } from "./connect-provider-panel";
import { readView, viewHref } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reconciliation" };

const pct = (p: number | null) => (p === null ? "—" : `${p.toFixed(1)}%`);
const DIM_LABEL: Record<BillDimension, string> = {
  provider: "Provider",
  model: "Model",
  project: "Project / workspace",
  api_key: "API key",
};
const EMPTY_LABEL: Record<BillDimension, string> = {
  provider: "—",
  model: "(no model: tools, other charges)",
  project: "(default)",
  api_key: "(no key / not in the cost report)",
};

const isBillProvider = (provider: string) => (BILL_PROVIDERS as readonly string[]).includes(provider);

/** "google $220.53" for the rows of providers whose bill is not pulled, summed per provider. */
function unpulledLabel(rows: { provider?: unknown; cost_usd: string }[]): string {
  const totals = new Map<string, Big>();
  for (const r of rows) totals.set(String(r.provider), (totals.get(String(r.provider)) ?? new Big(0)).plus(r.cost_usd));
  return [...totals].map(([p, usd]) => `${p} ${formatUsd(usd.toFixed())}`).join(", ");
}

export default async function ReconciliationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const current = monthOf(new Date());
  const parsed = readView(await searchParams, current);
  if (!parsed.ok) {
    return <InvalidView title="Reconciliation" details={parsed.details} reset={{ href: "/reconciliation", label: "Show this month" }} />;
  }
  const { view } = parsed;
  const { firstDay, lastDay } = monthRange(view.month);
  const range = { from: firstDay, to: lastDay };
  const eventsGroup = view.groupBy === "project" || view.groupBy === "api_key" ? "model" : view.groupBy;
  const eventsGroupBy = eventsGroup === "provider" ? ["provider" as const] : ["provider" as const, eventsGroup];
  const [rec, tools, providers, bill, events] = await Promise.all([
    getReconciliation(ctx, range),
    getToolReconciliation(ctx, { ...range, day: view.day }),
    listProviderStatus(ctx),
    view.source === "bill" ? listProviderBill(ctx, { ...range, groupBy: view.groupBy }) : Promise.resolve([]),
    view.source === "events" ? listSpend(ctx, { ...range, groupBy: eventsGroupBy, interval: "none", filters: {} }) : Promise.resolve(null),
  ]);
  const days = gapDays(rec.rows);
  const flagged = days.filter((d) => d.overThreshold).length;
  const connected = providers.filter((p) => p.source !== "none" && isBillProvider(p.provider));
  // Nothing to reconcile against: no provider connected and no bill synced for the month.
  const noBill = connected.length === 0 && !rec.rows.some((r) => Number(r.reported_cost_usd) !== 0);
  const unpulled = (events?.rows ?? []).filter((r) => !isBillProvider(String(r.provider)));
  const lastSync = providers
    .map((p) => p.lastSuccessAt)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  // No month that has not started: nothing can be billed or attributed there yet.
  const months = [addMonths(view.month, -1), view.month, addMonths(view.month, 1)].filter((m) => m <= current);

  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Reconciliation</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">
            What OpenAI and Anthropic billed (their usage and cost reports) against what the events you send attribute, per day, provider
            and model.{" "}
            {connected.length > 0
              ? `Last synced ${formatDateTime(lastSync)}.`
              : noBill
                ? "No provider is connected yet."
                : "No provider is connected now; the bill below is from earlier syncs."}
            {can(ctx.actor, "settings:manage") ? (
              <>
                {" "}
                <a href="/settings/providers" className="font-medium text-orange-700 hover:underline">
                  Settings → Providers
                </a>
              </>
            ) : null}
          </p>
        </div>
        <Segmented
          label="Month"
          options={months.map((m) => ({ href: viewHref(view, { month: m }), label: formatMonth(m), active: m === view.month }))}
        />
      </header>

      <section aria-label={`Totals for ${formatMonth(view.month)}`} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard
          label="Provider bill"
          value={noBill ? "—" : formatUsd(rec.totals.reported_cost_usd)}
          hint={noBill ? "No provider connected" : `${formatMonth(view.month)}, from the cost reports`}
        />
        <StatCard
          label="Attributed by events"
          value={formatUsd(rec.totals.attributed_cost_usd)}
          hint="Metered cost of OpenAI and Anthropic events"
        />
        <StatCard label="Gap" value={noBill ? "—" : formatUsd(rec.totals.gap_usd)} hint="Bill minus attributed" />
        <StatCard
          label="Untagged"
          value={noBill ? "—" : pct(untaggedPercent(rec.totals.reported_cost_usd, rec.totals.attributed_cost_usd))}
          hint={noBill ? "Needs a provider bill" : `${flagged} day${flagged === 1 ? "" : "s"} over a 5 % gap`}
        />
      </section>

      {noBill ? (
        <ConnectProviderPanel canManage={can(ctx.actor, "settings:manage")} />
      ) : (
        <Panel
          headingId="days-heading"
          title="By day"
          description="Days where events and the bill differ by more than 5 % are highlighted."
        >
          {days.length === 0 ? (
            <PanelEmpty>Nothing billed or attributed in {formatMonth(view.month)}.</PanelEmpty>
          ) : (
            <ListTable
              columns={[
                "Day",
                { label: "Provider bill", right: true },
                { label: "Attributed", right: true },
                { label: "Gap", right: true },
                { label: "Untagged", right: true },
                "",
              ]}
            >
              {days.map((d) => (
                <tr key={d.date} className={clsx(d.overThreshold && "bg-amber-50")} data-over-threshold={d.overThreshold || undefined}>
                  <td className="px-5 py-2 whitespace-nowrap">{d.date}</td>
                  <UsdCell value={d.reported} />
                  <UsdCell value={d.attributed} />
                  <UsdCell value={d.gap} strong />
                  <NumCell>{pct(d.untaggedPercent)}</NumCell>
                  <td className="px-5 py-2">{d.overThreshold ? <Badge tone="warn">over 5 %</Badge> : null}</td>
                </tr>
              ))}
            </ListTable>
          )}
        </Panel>
      )}

      <CodingToolsPanel rec={tools} view={view} canManage={can(ctx.actor, "settings:manage")} />

      <Panel aria-labelledby="spend-heading">
        <PanelHeader className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="spend-heading" className="font-semibold">
            Spend by {DIM_LABEL[view.groupBy].toLowerCase()}
          </h2>
          <div className="flex flex-wrap gap-2">
            <Segmented
              label="Source"
              options={[
                { href: viewHref(view, { source: "events" }), label: "Attributed events", active: view.source === "events" },
                { href: viewHref(view, { source: "bill" }), label: "Provider bill", active: view.source === "bill" },
              ]}
            />
            <Segmented
              label="Group by"
              options={(Object.keys(DIM_LABEL) as BillDimension[]).map((g) => ({
                href: viewHref(view, { groupBy: g }),
                label: DIM_LABEL[g],
                active: g === view.groupBy,
                disabled: view.source === "events" && (g === "project" || g === "api_key"),
              }))}
            />
          </div>
        </PanelHeader>
        {view.source === "bill" ? (
          bill.length === 0 ? (
            <PanelEmpty>No provider bill for {formatMonth(view.month)}: connect a provider and sync.</PanelEmpty>
          ) : (
            <ListTable
              columns={[
                "Provider",
                DIM_LABEL[view.groupBy],
                { label: "Cost", right: true },
                { label: "Requests", right: true },
                { label: "Input tokens", right: true },
                { label: "Output tokens", right: true },
              ]}
            >
              {bill.map((r) => (
                <tr key={`${r.provider}|${r.value}`}>
                  <td className="px-5 py-2">{r.provider}</td>
                  <td className="px-5 py-2 font-mono text-xs">
                    {view.groupBy === "provider" ? r.provider : r.value || EMPTY_LABEL[view.groupBy]}
                  </td>
                  <UsdCell value={r.cost_usd} />
                  <NumCell>{r.provider === "anthropic" ? "—" : formatCount(r.requests)}</NumCell>
                  <NumCell>{formatCount(r.input_tokens)}</NumCell>
                  <NumCell>{formatCount(r.output_tokens)}</NumCell>
                </tr>
              ))}
            </ListTable>
          )
        ) : events && events.rows.length > 0 ? (
          <>
            <ListTable
              columns={[
                ...(eventsGroup === "provider" ? [] : ["Provider"]),
                DIM_LABEL[eventsGroup],
                { label: "Cost", right: true },
                { label: "Requests", right: true },
                { label: "Input tokens", right: true },
                { label: "Output tokens", right: true },
              ]}
            >
              {events.rows.map((r) => (
                <tr key={`${r.provider}|${r[eventsGroup]}`}>
                  {eventsGroup === "provider" ? null : <td className="px-5 py-2">{String(r.provider ?? "—")}</td>}
                  <td className="px-5 py-2 font-mono text-xs">
                    {String(r[eventsGroup] ?? "—")}
                    {isBillProvider(String(r.provider)) ? null : (
                      <span className="ml-2 font-sans">
                        <Badge tone="neutral">no bill pulled</Badge>
                      </span>
                    )}
                  </td>
                  <UsdCell value={r.cost_usd} />
                  <NumCell>{formatCount(r.requests)}</NumCell>
                  <NumCell>{formatCount(r.input_tokens)}</NumCell>
                  <NumCell>{formatCount(r.output_tokens)}</NumCell>
                </tr>
              ))}
            </ListTable>
            {unpulled.length > 0 ? (
              <p className="border-t border-slate-200 px-5 py-3 text-xs text-slate-500">
                Rows marked <em>no bill pulled</em> ({unpulledLabel(unpulled)}) are attributed by events but Burnrate does not read their
                provider&apos;s bill, so they are not in <strong>Attributed by events</strong> above, which counts{" "}
                {BILL_PROVIDERS.map((p) => PROVIDER_LABELS[p]).join(" and ")} only.
              </p>
            ) : null}
          </>
        ) : (
          <PanelEmpty>
            No events in {formatMonth(view.month)}. Switch the source to the provider bill to see spend from the admin keys alone.
          </PanelEmpty>
        )}
      </Panel>

      {noBill ? null : (
        <Panel
          headingId="detail-heading"
          title="By day, provider and model"
          description={
            <>
              Reported tokens follow our convention (input includes cache reads and writes). Lines of the bill that name no model (tools,
              web search) are their own row.
            </>
          }
        >
          {rec.rows.length === 0 ? (
            <PanelEmpty>No rows.</PanelEmpty>
          ) : (
            <ListTable
              columns={[
                "Day",
                "Provider",
                "Model",
                { label: "Provider bill", right: true },
                { label: "Attributed", right: true },
                { label: "Gap", right: true },
                { label: "Input tokens", right: true },
                { label: "Output tokens", right: true },
              ]}
            >
              {rec.rows.map((r) => (
                <tr
                  key={`${r.date}|${r.provider}|${r.model}`}
                  className={clsx(isOverThreshold(r.reported_cost_usd, r.attributed_cost_usd) && "bg-amber-50")}
                >
                  <td className="px-5 py-2 whitespace-nowrap">{r.date}</td>
                  <td className="px-5 py-2">{r.provider}</td>
                  <td className="px-5 py-2 font-mono text-xs">{r.model ?? "(no model)"}</td>
                  <UsdCell value={r.reported_cost_usd} />
                  <UsdCell value={r.attributed_cost_usd} />
                  <UsdCell value={r.gap_usd} />
                  <NumCell>{formatCount(r.reported_input_tokens)}</NumCell>
                  <NumCell>{formatCount(r.reported_output_tokens)}</NumCell>
                </tr>
              ))}
            </ListTable>
          )}
        </Panel>
      )}
    </div>
  );
}
