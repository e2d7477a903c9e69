"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import type { ImportPreview } from "@/lib/customers/import-customers";
import type { ActionState } from "@/lib/http/action-state";
import { importCsvAction } from "./actions";

const EXAMPLE = "external_id,name,tier,monthly_revenue_usd\nacme,Acme Inc.,paid,99\nglobex,Globex,trial,0";

/** Paste or choose a CSV, preview it (every row checked, nothing written), then import all rows or none. */
export function ImportForm() {
  const [state, action, pending] = useActionState<ActionState<ImportPreview>, FormData>(importCsvAction, { ok: true });
  const preview = state.data;
  const canImport = preview && preview.errors.length === 0 && preview.rows.length > 0;
  return (
    <Panel
      headingId="import-heading"
      title="Import from CSV"
      description={
        <>
          Columns <code className="font-mono text-xs">external_id,name,tier,monthly_revenue_usd</code> (tier: free, trial, paid or
          internal). A known id updates that customer. Preview first: if any row has an error, nothing is imported.
        </>
      }
      padded
    >
      <form action={action} className="mt-4 space-y-3">
        <label htmlFor="import-csv" className="block text-sm font-medium text-slate-700">
          CSV
        </label>
        <textarea
          id="import-csv"
          name="csv"
          rows={5}
          defaultValue={state.values?.csv ?? ""}
          key={state.values?.csv ?? "empty"}
          placeholder={EXAMPLE}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm"
        />
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-sm text-slate-600">
            or choose a file <input type="file" name="file" accept=".csv,text/csv" className="ml-1 text-sm" />
          </label>
          <Button type="submit" name="intent" value="preview" variant="secondary" disabled={pending}>
            {pending ? "Checking…" : "Preview"}
          </Button>
          {canImport ? (
            <Button type="submit" name="intent" value="import" disabled={pending}>
              Import {preview.rows.length} {preview.rows.length === 1 ? "customer" : "customers"}
            </Button>
          ) : null}
        </div>
      </form>
      <div className="mt-4 space-y-3">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
        {preview && preview.errors.length > 0 ? (
          <p className="text-sm text-red-800">
            {preview.errors.length} {preview.errors.length === 1 ? "line has" : "lines have"} errors, {preview.rows.length}{" "}
            {preview.rows.length === 1 ? "is" : "are"} fine: nothing will be imported until every line is valid. Fix the file and preview
            again.
          </p>
        ) : null}
        {preview ? (
          <div className="overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-sm" aria-label="Import preview">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2">Line</th>
                  <th className="px-3 py-2">Customer</th>
                  <th className="px-3 py-2">Tier</th>
                  <th className="px-3 py-2 text-right">Revenue</th>
                  <th className="px-3 py-2">Result</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {[
                  ...preview.rows.map((r, i) => ({ line: r.line, row: r, action: preview.actions[i], errors: null })),
                  ...preview.errors.map((e) => ({ line: e.line, row: null, action: null, errors: e.errors })),
                ]
                  .sort((a, b) => a.line - b.line)
                  .map((x) => (
                    <tr key={x.line} className={x.errors ? "bg-red-50/60" : undefined}>
                      <td className="px-3 py-1.5 tabular-nums">{x.line}</td>
                      {x.row ? (
                        <>
                          <td className="px-3 py-1.5">
                            {x.row.customer.name} <span className="font-mono text-xs text-slate-500">{x.row.customer.external_id}</span>
                          </td>
                          <td className="px-3 py-1.5">{x.row.customer.tier}</td>
                          <td className="px-3 py-1.5 text-right tabular-nums">{x.row.customer.monthly_revenue_usd}</td>
                          <td className="px-3 py-1.5">
                            <Badge tone={x.action === "create" ? "good" : "neutral"}>
                              {x.action === "create" ? "will add" : "will update"}
                            </Badge>
                          </td>
                        </>
                      ) : (
                        <td colSpan={4} className="px-3 py-1.5 text-red-800">
                          {(x.errors ?? []).map((e) => `${e.path ? `${e.path}: ` : ""}${e.message}`).join("; ")}
                        </td>
                      )}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
