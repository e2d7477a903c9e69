import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable } from "@/components/ui/list-table";
import { PANEL_FRAME, Panel, PanelEmpty } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";
import { deliveryState, listAlerts } from "@/lib/alerts/queries";
import { ALERT_KINDS, DELIVERY_STATES, type DeliveryState } from "@/lib/alerts/schemas";
import { formatDateTime } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { readAlertsView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

const KIND_LABEL = { budget: "Budget", anomaly: "Anomaly", runaway: "Runaway session", quota: "Quota", digest: "Weekly digest" } as const;
const STATE: Record<DeliveryState, { label: string; tone: "good" | "warn" | "bad" | "neutral" }> = {
  delivered: { label: "Delivered", tone: "good" },
  pending: { label: "Sending", tone: "neutral" },
  retrying: { label: "Retrying", tone: "warn" },
  failed: { label: "Failed", tone: "bad" },
  no_webhook: { label: "No webhook", tone: "neutral" },
};

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const parsed = readAlertsView(await searchParams);
  if (!parsed.ok) {
    return (
      <InvalidView title="Alerts" details={parsed.details} reset={{ href: "/alerts", label: "Show every alert of the last 30 days" }} />
    );
  }
  const { view } = parsed;
  const since = new Date(Date.now() - view.days * 86_400_000);
  const rows = await listAlerts(ctx, { since, kind: view.kind, delivery: view.delivery, limit: 500 });
  const filtered = Boolean(view.kind || view.delivery);

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <p className="mt-1 text-sm text-slate-500">
          Budget thresholds, spend anomalies and runaway sessions, newest first, with where each webhook delivery stands.
        </p>
      </header>

      <form method="get" aria-label="Filter alerts" className={`flex flex-wrap items-end gap-3 p-4 ${PANEL_FRAME}`}>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Kind</span>
          <Select name="kind" defaultValue={view.kind ?? ""} className="mt-1">
            <option value="">All kinds</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Delivery</span>
          <Select name="delivery" defaultValue={view.delivery ?? ""} className="mt-1">
            <option value="">Any state</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE[s].label}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Fired in the last</span>
          <Select name="days" defaultValue={String(view.days)} className="mt-1">
            {[1, 7, 30, 90, 366].map((d) => (
              <option key={d} value={d}>
                {d === 1 ? "day" : `${d} days`}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered ? (
          <Link href="/alerts" className="pb-2 text-sm font-medium text-orange-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>

      <Panel
        headingId="history-heading"
        title="History"
        aside={
          <span className="text-xs text-slate-500">
            {rows.length} {rows.length === 1 ? "alert" : "alerts"}
          </span>
        }
      >
        {rows.length === 0 ? (
          <PanelEmpty>
            {filtered
              ? "No alerts match these filters."
              : "No alerts in this range. Budgets alert at their thresholds; anomalies and runaway sessions are watched automatically."}
          </PanelEmpty>
        ) : (
          <ListTable columns={["Fired", "Kind", "Alert", "Period", "Delivery"]}>
            {rows.map((a) => {
              const state = STATE[deliveryState(a)];
              return (
                <tr key={a.id} className="align-top">
                  <td className="px-5 py-3 whitespace-nowrap">{formatDateTime(a.firedAt)}</td>
                  <td className="px-5 py-3">
                    <Badge tone={a.kind === "budget" ? (a.threshold !== null && a.threshold >= 100 ? "bad" : "accent") : "warn"}>
                      {KIND_LABEL[a.kind]}
                      {a.threshold !== null ? ` ${a.threshold} %` : ""}
                    </Badge>
                  </td>
                  <td className="max-w-xl px-5 py-3">{a.message}</td>
                  <td className="px-5 py-3 whitespace-nowrap font-mono text-xs">{a.periodStart}</td>
                  <td className="px-5 py-3 whitespace-nowrap">
                    <Badge tone={state.tone}>{state.label}</Badge>
                    {a.attempts > 0 ? (
                      <div className="mt-1 text-xs text-slate-500">
                        {a.attempts} {a.attempts === 1 ? "attempt" : "attempts"}
                        {a.lastError && !a.deliveredAt ? ` · ${a.lastError}` : ""}
                      </div>
                    ) : null}
                    {a.nextAttemptAt && a.attempts > 0 && !a.deliveredAt ? (
                      <div className="text-xs text-slate-500">next {formatDateTime(a.nextAttemptAt)}</div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}
