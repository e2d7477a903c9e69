import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Meter } from "@/components/ui/meter";
import { Panel } from "@/components/ui/panel";
import { listOpenAnomalies } from "@/lib/alerts/queries";
import type { Ctx } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { FORECAST_EXPLAINED } from "@/lib/budgets/forecast";
import { listBudgets } from "@/lib/budgets/queries";
import { formatUsd } from "@/lib/format";

const SHOWN = 4;

/** The Overview's strip: each budget's current period, and today's anomaly and runaway-session alerts. */
export async function AlertsStrip({ ctx }: { ctx: Ctx }) {
  const [budgets, open] = await Promise.all([listBudgets(ctx), listOpenAnomalies(ctx)]);
  const worst = [...budgets].sort((a, b) => b.percent - a.percent).slice(0, SHOWN);
  return (
    <section aria-label="Budgets and anomalies" className="grid gap-4 lg:grid-cols-3">
      <Panel
        as="div"
        title="Budgets"
        aside={
          can(ctx.actor, "budgets:manage") ? (
            <Link href="/settings/budgets" className="text-xs font-medium text-orange-700 hover:underline">
              Manage
            </Link>
          ) : null
        }
        padded
        className="lg:col-span-2"
      >
        {worst.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">No budgets set. Finance and admins add them in Settings → Budgets.</p>
        ) : (
          <ul className="mt-3 grid gap-3 sm:grid-cols-2">
            {worst.map((b) => (
              <li key={b.id}>
                <div className="flex items-baseline justify-between gap-2 text-sm">
                  <span className="truncate font-medium">{b.name}</span>
                  <span className="tabular-nums text-slate-600">
                    {formatUsd(b.spentUsd)} / {formatUsd(b.amountUsd)} · {b.percent.toFixed(0)} %
                  </span>
                </div>
                <div className="mt-1">
                  <Meter percent={b.percent} />
                </div>
                <div className="mt-1 text-xs text-slate-500">
                  {b.period === "day" ? "today" : `this ${b.period}`}
                  {b.percent < 100 && b.projectedExceedDate ? (
                    <span title={FORECAST_EXPLAINED}> · projected over on {b.projectedExceedDate}</span>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        {budgets.length > SHOWN ? <p className="mt-2 text-xs text-slate-500">and {budgets.length - SHOWN} more</p> : null}
      </Panel>
      <Panel
        as="div"
        title="Open anomalies"
        aside={
          <Link href="/alerts" className="text-xs font-medium text-orange-700 hover:underline">
            All alerts
          </Link>
        }
        padded
      >
        {open.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">Nothing unusual today.</p>
        ) : (
          <ul className="mt-3 space-y-2 text-sm">
            {open.slice(0, 3).map((a) => (
              <li key={a.id}>
                <Badge tone="warn">{a.kind === "runaway" ? "runaway session" : (a.subject ?? "anomaly")}</Badge>
                <p className="mt-1 line-clamp-2 text-slate-600">{a.message}</p>
              </li>
            ))}
            {open.length > 3 ? <li className="text-xs text-slate-500">and {open.length - 3} more today</li> : null}
          </ul>
        )}
      </Panel>
    </section>
  );
}
