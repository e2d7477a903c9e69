import Big from "big.js";
import { clsx } from "clsx";
import Link from "next/link";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import type { ToolReconciliation } from "@/lib/coding-tools/reconciliation";
import { formatCount, formatDate, formatMonth, formatUsd } from "@/lib/format";
import { PROVIDER_LABELS } from "@/lib/providers/connections";
import { isOverThreshold } from "@/lib/providers/gap-days";
import { type ReconciliationView, viewHref } from "./search-params";

const PEOPLE_SHOWN = 100;
const Maybe = ({ value }: { value: string | null }) => (value === null ? <NumCell>—</NumCell> : <UsdCell value={value} />);

/** Cursor, Copilot and Claude Code: the vendor's charges per day against the metered spend, then who spent it. */
export function CodingToolsPanel({ rec, view, canManage }: { rec: ToolReconciliation; view: ReconciliationView; canManage: boolean }) {
  const period = view.day ? formatDate(view.day) : formatMonth(view.month);
  return (
    <Panel
      headingId="tools-heading"
      title="Coding tools"
      description={
        <>
          What Cursor and GitHub Copilot billed each day (their usage-based and AI-credit lines; Copilot&apos;s seat lines apart) against
          the metered spend of the tool&apos;s usage. Claude Code Analytics reports estimates, not charges: its API-key usage is on the
          Anthropic bill above. Pick a day to see who spent it.
        </>
      }
    >
      {rec.days.length === 0 ? (
        <PanelEmpty>
          No coding-tool usage or charges in {formatMonth(view.month)}.{" "}
          {canManage ? (
            <Link href="/settings/providers" className="font-medium text-orange-700 hover:underline">
              Connect Cursor, GitHub Copilot or Claude Code Analytics
            </Link>
          ) : (
            "An admin connects Cursor, GitHub Copilot or Claude Code Analytics in Settings → Providers."
          )}
        </PanelEmpty>
      ) : (
        <>
          <ListTable
            columns={[
              "Day",
              "Tool",
              { label: "Charged: usage", right: true },
              { label: "Charged: seats", right: true },
              { label: "Attributed to people", right: true },
              { label: "No one", right: true },
              { label: "Gap", right: true },
            ]}
          >
            {rec.days.map((d) => {
              const over =
                d.charged_usage_usd !== null &&
                isOverThreshold(d.charged_usage_usd, new Big(d.attributed_usd).plus(d.unattributed_usd).toFixed());
              return (
                <tr
                  key={`${d.date}|${d.tool}`}
                  className={clsx(view.day === d.date ? "bg-orange-50" : over && "bg-amber-50")}
                  data-over-threshold={over || undefined}
                >
                  <td className="px-5 py-2 whitespace-nowrap">
                    <Link
                      href={viewHref(view, { day: view.day === d.date ? undefined : d.date })}
                      aria-current={view.day === d.date ? "true" : undefined}
                      className="text-orange-700 hover:underline"
                    >
                      {d.date}
                    </Link>
                  </td>
                  <td className="px-5 py-2">{PROVIDER_LABELS[d.tool]}</td>
                  <Maybe value={d.charged_usage_usd} />
                  <Maybe value={d.charged_seats_usd} />
                  <UsdCell value={d.attributed_usd} />
                  <UsdCell value={d.unattributed_usd} />
                  <Maybe value={d.gap_usd} />
                </tr>
              );
            })}
          </ListTable>
          <h3 id="tools-people-heading" className="border-t border-slate-200 px-5 pt-4 pb-2 font-semibold">
            By person, {period}
            {view.day ? (
              <Link href={viewHref(view, { day: undefined })} className="ml-3 text-sm font-normal text-orange-700 hover:underline">
                Whole month
              </Link>
            ) : null}
          </h3>
          {rec.people.length === 0 ? (
            <PanelEmpty compact>Nobody used a coding tool on {period}.</PanelEmpty>
          ) : (
            <ListTable
              columns={[
                "Tool",
                "Person",
                { label: "Metered", right: true },
                { label: "Included in the seat (list value)", right: true },
                { label: "Requests", right: true },
              ]}
            >
              {rec.people.slice(0, PEOPLE_SHOWN).map((p) => (
                <tr key={`${p.tool}|${p.person}|${p.identity}`}>
                  <td className="px-5 py-2">{PROVIDER_LABELS[p.tool]}</td>
                  <td className="px-5 py-2">
                    {p.person ?? (
                      <span>
                        <span className="font-mono text-xs">{p.identity ?? "(no one)"}</span>{" "}
                        <span className="text-xs text-slate-500">{p.identity ? "· linked to no one" : "· the org's remainder"}</span>
                      </span>
                    )}
                  </td>
                  <UsdCell value={p.metered_usd} />
                  <UsdCell value={p.included_usd} />
                  <NumCell>{formatCount(p.requests)}</NumCell>
                </tr>
              ))}
            </ListTable>
          )}
          {rec.people.length > PEOPLE_SHOWN ? (
            <p className="px-5 py-3 text-sm text-slate-500">
              The {PEOPLE_SHOWN} largest of {formatCount(rec.people.length)}; pick a day for fewer. Total metered{" "}
              {formatUsd(rec.people.reduce((s, p) => s.plus(p.metered_usd), new Big(0)).toFixed())}.
            </p>
          ) : null}
        </>
      )}
    </Panel>
  );
}
