import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Meter } from "@/components/ui/meter";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { globalAlertWebhook } from "@/lib/alerts/destination";
import { FORECAST_EXPLAINED } from "@/lib/budgets/forecast";
import { maskWebhookUrl } from "@/lib/budgets/present";
import { listBudgets } from "@/lib/budgets/queries";
import { MEASURE_LABELS } from "@/lib/effective/measures";
import { formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { DIMENSIONS } from "@/lib/spend/dimensions";
import { deleteBudgetAction } from "./actions";
import { AmountForm } from "./budget-controls";
import { BudgetForm } from "./budget-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Budgets" };

const PERIOD_LABEL = { day: "Day", week: "Week", month: "Month" } as const;
/** A budget without its own webhook posts to the global one: where that is set. */
const GLOBAL_WEBHOOK = { settings: "Settings → Alerts", env: "ALERT_WEBHOOK_URL" } as const;

export default async function BudgetsPage() {
  const ctx = await requireUser("budgets:manage");
  const [budgets, destination] = await Promise.all([listBudgets(ctx), globalAlertWebhook(ctx)]);
  const globalWebhook = destination?.source ?? null;
  return (
    <div className="space-y-6">
      <BudgetForm dimensions={DIMENSIONS} globalWebhook={globalWebhook} />
      <Panel
        headingId="budgets-heading"
        title="Budgets"
        description={
          <>
            This period so far, and where it ends if spend continues at its average rate. Agents can ask first:{" "}
            <code className="rounded bg-slate-100 px-1 font-mono text-xs">GET /api/v1/budgets/check?team=…</code>
          </>
        }
      >
        {budgets.length === 0 ? (
          <PanelEmpty>No budgets yet. Create one above to get alerts at 50, 80 and 100 %.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Budget",
              "Period",
              "Spent",
              { label: "Remaining", right: true },
              { label: "Forecast", right: true },
              "Alerts",
              { label: "Amount", right: true },
            ]}
          >
            {budgets.map((b) => (
              <tr key={b.id}>
                <td className="px-5 py-3">
                  <div className="font-medium">{b.name}</div>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {Object.keys(b.filters).length === 0 ? (
                      <Badge>all spend</Badge>
                    ) : (
                      Object.entries(b.filters).map(([k, v]) => (
                        <Badge key={k}>
                          {k}={v}
                        </Badge>
                      ))
                    )}
                  </div>
                </td>
                <td className="px-5 py-3 whitespace-nowrap">
                  {PERIOD_LABEL[b.period]}
                  <div className="text-xs text-slate-500">
                    {b.periodStart === b.periodEnd ? b.periodStart : `${b.periodStart} – ${b.periodEnd}`}
                  </div>
                  <div className="text-xs text-slate-500" title={MEASURE_LABELS[b.measure].help}>
                    {MEASURE_LABELS[b.measure].long.toLowerCase()}
                  </div>
                </td>
                <td className="w-44 px-5 py-3">
                  <div className="flex items-baseline justify-between gap-2 whitespace-nowrap tabular-nums">
                    <span>{formatUsd(b.spentUsd)}</span>
                    <span className="text-xs font-medium text-slate-600">{b.percent.toFixed(1)} %</span>
                  </div>
                  <div className="mt-1">
                    <Meter percent={b.percent} />
                  </div>
                </td>
                <UsdCell value={b.remainingUsd} py="3" className="whitespace-nowrap" />
                <NumCell py="3" className="whitespace-nowrap">
                  <span title={FORECAST_EXPLAINED} className="cursor-help underline decoration-slate-300 decoration-dotted">
                    {formatUsd(b.forecastUsd)}
                  </span>
                  <div className="text-xs text-slate-500">
                    {b.percent >= 100 ? "over budget" : b.projectedExceedDate ? `crosses 100 % on ${b.projectedExceedDate}` : "stays under"}
                  </div>
                </NumCell>
                <td className="px-5 py-3">
                  <div className="whitespace-nowrap">{b.thresholds.map((t) => `${t} %`).join(" · ")}</div>
                  <div className="max-w-44 truncate font-mono text-xs text-slate-500" title="Webhook (masked)">
                    {b.webhookUrl ? maskWebhookUrl(b.webhookUrl) : globalWebhook ? GLOBAL_WEBHOOK[globalWebhook] : "no webhook"}
                  </div>
                </td>
                <td className="px-5 py-3">
                  <AmountForm id={b.id} name={b.name} amount={trimZeros(b.amountUsd)} />
                  <div className="mt-2 flex justify-end">
                    <ConfirmActionButton
                      action={deleteBudgetAction}
                      id={b.id}
                      label="Delete"
                      ariaLabel={`Delete ${b.name}`}
                      confirm={`Delete the budget "${b.name}"? Its past alerts stay on the Alerts screen.`}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}

function trimZeros(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/\.?0+$/, "") : decimal;
}
