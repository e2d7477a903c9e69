import Big from "big.js";
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { MonthPicker } from "@/components/ui/period-picker";
import { StatCard } from "@/components/ui/stat-card";
import { addMonths, monthOf, monthRange } from "@/lib/dates/months";
import { getExportSummary } from "@/lib/export/queries";
import { formatCount, formatDateTime, formatMonth, formatPercent, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { MonthCloseButton } from "./month-close-button";
import { readExportView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Export" };

const DOWNLOADS = [
  { format: "csv", granularity: "day", label: "CSV by day", hint: "a row per day and combination of tags" },
  { format: "csv", granularity: "event", label: "CSV, every event", hint: "a row per model call, for audit" },
  { format: "focus", granularity: "day", label: "FOCUS 1.2 by day", hint: "FinOps FOCUS columns, for cost tools" },
  { format: "focus", granularity: "event", label: "FOCUS 1.2, every event", hint: "FOCUS, a row per model call" },
] as const;

const SURFACE_LABEL: Record<string, string> = { api: "Metered API", plan: "Paid plan (API-price equivalent in list cost)" };

export default async function ExportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireUser("export:download");
  const current = monthOf(new Date());
  // Finance closes the month that just ended: that is the default.
  const parsed = readExportView(await searchParams, addMonths(current, -1));
  if (!parsed.ok) {
    return <InvalidView title="Export" details={parsed.details} reset={{ href: "/export", label: "Show last month" }} />;
  }
  const { month } = parsed.view;
  const summary = await getExportSummary(ctx, month);
  const closed = summary.closedMonths;
  const { totals } = summary;

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Export</h1>
          <p className="mt-1 text-sm text-slate-500">
            The month&apos;s spend as a file for finance: it adds up to the dashboard to the last digit, and a closed month never changes.
          </p>
        </div>
        <MonthPicker value={month} count={25} />
      </header>

      <section aria-labelledby="month-heading" className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="month-heading" className="text-lg font-semibold">
            {formatMonth(month)}
          </h2>
          {summary.close ? (
            <Badge tone="good">
              Closed {formatDateTime(summary.close.closedAt)} by {summary.close.closedBy}
            </Badge>
          ) : (
            <Badge tone={month === current ? "accent" : "neutral"}>{month === current ? "Open · month to date" : "Open"}</Badge>
          )}
        </div>

        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <StatCard
            label="Cost"
            value={formatUsd(totals.cost_usd, { precise: true })}
            hint={`${summary.close ? "frozen at close" : "what the file's cost_usd adds up to"} · plan fees ${formatUsd(totals.plan_fees_usd ?? "0")}${
              summary.feesThrough && !summary.close && summary.feesThrough < monthRange(month).lastDay
                ? ` to date (through ${summary.feesThrough}: the month is still running, so the file holds its fees so far, as the Overview and /api/v1/spend count them)`
                : ""
            }`}
          />
          <StatCard label="Requests" value={formatCount(totals.requests)} />
          <StatCard
            label="List cost"
            value={formatUsd(totals.list_cost_usd, { precise: true })}
            hint="at API prices, paid-plan calls included"
          />
          <StatCard
            label="Adjustments"
            value={formatUsd(totals.adjustments_usd, { precise: true })}
            hint={
              summary.adjustmentMonths.length > 0
                ? `late events of ${summary.adjustmentMonths.join(", ")}, included above`
                : "no closed month before this one"
            }
          />
        </div>

        {summary.rawRemoved ? (
          <Alert tone="info">
            The raw events of {formatMonth(month)} are gone: retention keeps {formatMonth(summary.rawRemoved.keepFrom.slice(0, 7))} onwards,
            and older months&apos; events are removed.{" "}
            {summary.close ? "The totals above are the ones frozen when the month was closed. " : ""}
            The daily files (CSV and FOCUS by day) are still here, built from the daily rollups
            {summary.rawRemoved.dailyCostUsd
              ? `; they add up to ${formatUsd(summary.rawRemoved.dailyCostUsd, { precise: true })}, not the frozen cost, as they also hold the events that arrived after the close (which only the removed events told apart)`
              : ""}
            . The per-event files are not available any more.
          </Alert>
        ) : null}
        {summary.lateAfterClose && summary.lateAfterClose.requests > 0 ? (
          <Alert tone="info">
            {formatCount(summary.lateAfterClose.requests)} event{summary.lateAfterClose.requests === 1 ? "" : "s"} (
            {formatUsd(summary.lateAfterClose.cost_usd, { precise: true })}) for {formatMonth(month)} arrived after it was closed.{" "}
            {summary.lateAfterClose.requests === 1 ? "It is" : "They are"} not in this month&apos;s export but in the export of the next
            open month, as adjustments (cost_source <code>adjustment</code>, FOCUS ChargeClass <code>Correction</code>).
          </Alert>
        ) : null}
        {summary.repricedAfterClose && summary.repricedAfterClose.events > 0 ? (
          <Alert tone="info">
            {formatCount(summary.repricedAfterClose.events)} event{summary.repricedAfterClose.events === 1 ? "" : "s"} of{" "}
            {formatMonth(month)} {summary.repricedAfterClose.events === 1 ? "was" : "were"} repriced after it was closed (
            {formatUsd(summary.repricedAfterClose.difference_usd, { precise: true })}). This month&apos;s export stays as closed; the
            difference is an adjustment in the export of the next open month.
          </Alert>
        ) : null}
        {!new Big(totals.adjustments_usd).eq(0) ? (
          <Alert tone="info">
            This export includes {formatUsd(totals.adjustments_usd, { precise: true })} of adjustments: events of{" "}
            {summary.adjustmentMonths.join(", ")} that arrived, or were repriced, after that month was closed. They are the rows whose
            cost_source is <code>adjustment</code>, dated on their own day.
          </Alert>
        ) : null}

        <div className="grid gap-4 lg:grid-cols-2">
          <Split title="By provider" rows={totals.by_provider.map((r) => ({ key: r.provider, ...r }))} total={totals.cost_usd} />
          <Split
            title="By surface"
            rows={totals.by_surface.map((r) => ({ key: SURFACE_LABEL[r.surface] ?? r.surface, ...r }))}
            total={totals.cost_usd}
          />
        </div>
      </section>

      <Panel
        headingId="download-heading"
        title="Download"
        description={
          <>
            UTF-8 CSV, streamed: a large month starts at once and takes a few seconds. Cells that a spreadsheet would run as a formula start
            with <code>&apos;</code>. Every download is recorded in the audit log.
          </>
        }
        padded
      >
        <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {DOWNLOADS.map((d) => (
            <li key={d.label}>
              {summary.rawRemoved && d.granularity === "event" ? (
                <span className="block rounded-lg border border-dashed border-slate-300 px-4 py-3 text-slate-500">
                  <span className="block text-sm font-medium">{d.label}</span>
                  <span className="block text-xs">not available: the month&apos;s raw events were removed by retention</span>
                </span>
              ) : (
                <a
                  href={`/export/download?month=${month}&format=${d.format}&granularity=${d.granularity}`}
                  download
                  className="block rounded-lg border border-slate-300 px-4 py-3 hover:border-orange-300 hover:bg-orange-50/40"
                >
                  <span className="block text-sm font-medium text-slate-900">{d.label}</span>
                  <span className="block text-xs text-slate-500">{d.hint}</span>
                </a>
              )}
            </li>
          ))}
        </ul>
      </Panel>

      <Panel
        headingId="close-heading"
        title="Month close"
        description={
          <>
            Closing freezes the month&apos;s export and totals. Events that arrive later for it become adjustments of the next open month;
            reopening is an admin action, recorded in the audit log.
          </>
        }
        padded
      >
        <div className="mt-4 flex flex-wrap items-start gap-4">
          {summary.canClose || summary.canReopen ? (
            <MonthCloseButton key={month} month={month} mode={summary.canClose ? "close" : "reopen"} />
          ) : null}
          {summary.closeBlocked ? <p className="text-sm text-slate-600">{summary.closeBlocked}</p> : null}
          {!summary.canClose && !summary.canReopen && !summary.closeBlocked ? (
            <p className="text-sm text-slate-600">
              {summary.close ? "Only an admin can reopen a closed month." : "Your role cannot close months."}
            </p>
          ) : null}
        </div>
        {closed.length > 0 ? (
          <div className="mt-5 overflow-hidden rounded-lg border border-slate-200">
            <ListTable columns={["Closed month", "Closed", "By", { label: "Cost at close", right: true }]}>
              {closed.map((c) => (
                <tr key={c.month}>
                  <td className="px-5 py-2.5">
                    <a href={`/export?month=${c.month}`} className="font-medium text-orange-700 hover:underline">
                      {formatMonth(c.month)}
                    </a>
                  </td>
                  <td className="px-5 py-2.5 text-slate-600">{formatDateTime(c.closedAt)}</td>
                  <td className="px-5 py-2.5 text-slate-600">{c.closedBy}</td>
                  <UsdCell value={c.cost_usd} py="2.5" precise />
                </tr>
              ))}
            </ListTable>
          </div>
        ) : (
          <p className="mt-4 text-sm text-slate-500">No month has been closed yet.</p>
        )}
      </Panel>
    </div>
  );
}

function Split({ title, rows, total }: { title: string; rows: { key: string; requests: number; cost_usd: string }[]; total: string }) {
  return (
    <Panel as="div" className="overflow-hidden">
      <h3 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">No spend this month.</p>
      ) : (
        <ListTable columns={["", { label: "Requests", right: true }, { label: "Cost", right: true }, { label: "Share", right: true }]}>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="px-5 py-2.5 font-medium">{r.key}</td>
              <NumCell py="2.5">{formatCount(r.requests)}</NumCell>
              <UsdCell value={r.cost_usd} py="2.5" precise />
              <NumCell py="2.5" className="text-slate-500">
                {formatPercent(r.cost_usd, total)}
              </NumCell>
            </tr>
          ))}
        </ListTable>
      )}
    </Panel>
  );
}
