export interface ModelTableRow {
  provider: string;
  model: string;
  requests: string;
  tokens: string;
  cost: string;
  listCost: string;
  share: string;
}

export function ModelTable({ rows }: { rows: ModelTableRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="whitespace-nowrap px-5 py-2 font-medium">Provider</th>
            <th className="whitespace-nowrap px-5 py-2 font-medium">Model</th>
            <th className="whitespace-nowrap px-5 py-2 text-right font-medium">Requests</th>
            <th className="whitespace-nowrap px-5 py-2 text-right font-medium">Tokens</th>
            <th className="whitespace-nowrap px-5 py-2 text-right font-medium">Spend</th>
            <th className="whitespace-nowrap px-5 py-2 text-right font-medium">List cost</th>
            <th className="whitespace-nowrap px-5 py-2 text-right font-medium">Share</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={`${r.provider}/${r.model}`} className="hover:bg-slate-50">
              <td className="px-5 py-2 text-slate-600">{r.provider}</td>
              <td className="whitespace-nowrap px-5 py-2 font-mono text-[13px]">{r.model}</td>
              <td className="px-5 py-2 text-right tabular-nums">{r.requests}</td>
              <td className="px-5 py-2 text-right tabular-nums">{r.tokens}</td>
              <td className="px-5 py-2 text-right font-medium tabular-nums">{r.cost}</td>
              <td className="px-5 py-2 text-right tabular-nums text-slate-600">{r.listCost}</td>
              <td className="px-5 py-2 text-right tabular-nums text-slate-600">{r.share}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
