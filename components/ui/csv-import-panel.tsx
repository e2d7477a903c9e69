"use client";

import type { ReactNode } from "react";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import type { ActionState } from "@/lib/http/action-state";

interface LineErrors {
  line: number;
  errors: { path: string; message: string }[];
}

export interface PreviewLine {
  line: number;
  /** The cells under `headers` (between "Line" and "Result"). */
  cells: ReactNode[];
  action: "create" | "update";
}

/**
 * Paste or choose a CSV, preview it (every line checked, nothing written), then import all lines or none: the form
 * of every CSV import (Settings → Customers, Settings → People). `action` answers "preview" and "import" intents.
 */
export function CsvImportPanel<P extends { errors: LineErrors[] }>(props: {
  action: (prev: ActionState<P>, form: FormData) => Promise<ActionState<P>>;
  description: ReactNode;
  example: string;
  noun: [string, string];
  headers: { label: string; right?: boolean }[];
  lines: (preview: P) => PreviewLine[];
}) {
  const [state, action, pending] = useActionState<ActionState<P>, FormData>(props.action, { ok: true });
  const preview = state.data;
  const lines = preview ? props.lines(preview) : [];
  const canImport = preview && preview.errors.length === 0 && lines.length > 0;
  const [one, many] = props.noun;
  return (
    <Panel headingId="import-heading" title="Import from CSV" description={props.description} padded>
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
          placeholder={props.example}
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
              Import {lines.length} {lines.length === 1 ? one : many}
            </Button>
          ) : null}
        </div>
      </form>
      <div className="mt-4 space-y-3">
        {!state.ok && state.message ? <Alert>{state.message}</Alert> : null}
        {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
        {preview && preview.errors.length > 0 ? (
          <p className="text-sm text-red-800">
            {preview.errors.length} {preview.errors.length === 1 ? "line has" : "lines have"} errors, {lines.length}{" "}
            {lines.length === 1 ? "is" : "are"} fine: nothing will be imported until every line is valid. Fix the file and preview again.
          </p>
        ) : null}
        {preview ? (
          <div className="relative overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-sm" aria-label="Import preview">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2">Line</th>
                  {props.headers.map((h) => (
                    <th key={h.label} className={h.right ? "px-3 py-2 text-right" : "px-3 py-2"}>
                      {h.label}
                    </th>
                  ))}
                  <th className="px-3 py-2">Result</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {[
                  ...lines.map((l) => ({ line: l.line, ok: l, errors: null })),
                  ...preview.errors.map((e) => ({ line: e.line, ok: null, errors: e.errors })),
                ]
                  .sort((a, b) => a.line - b.line)
                  .map((x) => (
                    <tr key={`${x.line}-${x.ok ? "ok" : "error"}`} className={x.errors ? "bg-red-50/60" : undefined}>
                      <td className="px-3 py-1.5 tabular-nums">{x.line}</td>
                      {x.ok ? (
                        <>
                          {x.ok.cells.map((c, i) => (
                            <td
                              key={props.headers[i]?.label ?? i}
                              className={props.headers[i]?.right ? "px-3 py-1.5 text-right tabular-nums" : "px-3 py-1.5"}
                            >
                              {c}
                            </td>
                          ))}
                          <td className="px-3 py-1.5">
                            <Badge tone={x.ok.action === "create" ? "good" : "neutral"}>
                              {x.ok.action === "create" ? "will add" : "will update"}
                            </Badge>
                          </td>
                        </>
                      ) : (
                        <td colSpan={props.headers.length + 1} className="px-3 py-1.5 text-red-800">
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
