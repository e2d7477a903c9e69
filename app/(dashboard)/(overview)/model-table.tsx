export interface ModelTableRow {
  provider: string;
  model: string;
  requests: string;
  tokens: string;
  cost: string;
  listCost: string;
  share: string;
  /** An unused plan fee line of the provider (no model). */
  unused: boolean;
}

const TH = "whitespace-nowrap px-4 py-2 font-medium";
const TD = "whitespace-nowrap px-4 py-2 text-right tabular-nums";

export function ModelTable({ rows, amountLabel }: { rows: ModelTableRow[]; amountLabel: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className={TH}>Model</th>
            <th className={`${TH} text-right`}>Requests</th>
            <th className={`${TH} hidden text-right xl:table-cell`}>Tokens</th>
            <th className={`${TH} text-right`}>{amountLabel}</th>
            <th className={`${TH} text-right`}>List cost</th>
            <th className={`${TH} text-right`}>Share</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={`${r.provider}/${r.model}/${r.unused}`} className="hover:bg-slate-50">
              <td className="max-w-[18rem] px-4 py-2">
                {r.unused ? (
                  <div className="text-[13px] text-amber-800" title="Plan fees of days or seats nobody used">
                    Unused plan fees
                  </div>
                ) : (
                  <div className="truncate font-mono text-[13px]" title={r.model}>
                    {r.model}
                  </div>
                )}
                <div className="text-xs text-slate-500">{r.provider}</div>
              </td>
              <td className={TD}>{r.requests}</td>
              <td className={`${TD} hidden xl:table-cell`}>{r.tokens}</td>
              <td className={`${TD} font-medium`}>{r.cost}</td>
              <td className={`${TD} text-slate-600`}>{r.listCost}</td>
              <td className={`${TD} text-slate-600`}>{r.share}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
