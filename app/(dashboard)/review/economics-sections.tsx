import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import { formatCount, formatUsd } from "@/lib/format";
import { type CacheRow, type RightSizingHint, SMALL_OUTPUT_TOKENS } from "@/lib/review/economics";

/** Cache economics of the week, by feature and workflow. */
export function CacheSection({ rows }: { rows: CacheRow[] }) {
  return (
    <Panel aria-labelledby="cache-heading">
      <PanelHeader>
        <h2 id="cache-heading" className="font-semibold">
          Cache economics
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Hit rate = cache reads ÷ input tokens. Saved = reads × (input − cache-read price). Waste = cache writes in sessions that never
          read them × (cache-write − input price). Price cards of the week&apos;s Monday.
        </p>
      </PanelHeader>
      {rows.length === 0 ? (
        <PanelEmpty compact>No cache reads or writes this week.</PanelEmpty>
      ) : (
        <ListTable
          columns={[
            "Feature / workflow",
            { label: "Hit rate", right: true },
            { label: "Saved", right: true },
            { label: "Unread writes", right: true },
          ]}
        >
          {rows.slice(0, 15).map((r) => (
            <tr key={`${r.feature}-${r.workflow}`}>
              <td className="px-5 py-2">
                <div className="font-medium">{r.feature ?? <span className="text-slate-500 italic">no feature</span>}</div>
                {r.workflow ? <div className="text-xs text-slate-500">{r.workflow}</div> : null}
              </td>
              <NumCell>{(r.hitRate * 100).toFixed(1)}%</NumCell>
              <UsdCell value={r.savedUsd} strong className="text-emerald-700" />
              <NumCell>
                {r.unreadWriteTokens > 0 ? (
                  <span className="text-amber-700">
                    {formatUsd(r.wasteUsd)}
                    <span className="block text-xs text-slate-500">{formatCount(r.unreadWriteTokens)} tokens</span>
                  </span>
                ) : (
                  "—"
                )}
              </NumCell>
            </tr>
          ))}
        </ListTable>
      )}
    </Panel>
  );
}

/** Small-output work on premium models, repriced on the cheaper sibling. */
export function RightSizingSection({ rows }: { rows: RightSizingHint[] }) {
  return (
    <Panel aria-labelledby="rightsizing-heading">
      <PanelHeader>
        <h2 id="rightsizing-heading" className="font-semibold">
          Model right-sizing
        </h2>
        <p className="mt-1 text-xs text-slate-500">
          Features whose calls average {SMALL_OUTPUT_TOKENS} output tokens or fewer on a premium model: the same tokens priced on its
          cheaper sibling. A hint to test, not a verdict.
        </p>
      </PanelHeader>
      {rows.length === 0 ? (
        <PanelEmpty compact>No small-output work on premium models this week.</PanelEmpty>
      ) : (
        <ListTable columns={["Feature", "Model → cheaper", { label: "Cost", right: true }, { label: "Would be", right: true }]}>
          {rows.slice(0, 15).map((r) => (
            <tr key={`${r.feature}-${r.provider}-${r.model}`}>
              <td className="px-5 py-2">
                <div className="font-medium">{r.feature ?? <span className="text-slate-500 italic">no feature</span>}</div>
                <div className="text-xs text-slate-500">
                  {formatCount(r.requests)} calls · {r.avgOutputTokens} output tokens avg
                </div>
              </td>
              <td className="px-5 py-2 text-xs">
                {r.model} → <span className="font-medium">{r.alternative}</span>
              </td>
              <UsdCell value={r.listCostUsd} />
              <NumCell>
                {formatUsd(r.alternativeCostUsd)}
                <span className="block text-xs text-emerald-700">−{formatUsd(r.savingUsd)}</span>
              </NumCell>
            </tr>
          ))}
        </ListTable>
      )}
    </Panel>
  );
}
