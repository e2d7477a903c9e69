"use client";

import { CsvImportPanel } from "@/components/ui/csv-import-panel";
import type { ImportPreview } from "@/lib/customers/import-customers";
import { importCsvAction } from "./actions";

const EXAMPLE = "external_id,name,tier,monthly_revenue_usd\nacme,Acme Inc.,paid,99\nglobex,Globex,trial,0";

/** Paste or choose a CSV, preview it (every row checked, nothing written), then import all rows or none. */
export function ImportForm() {
  return (
    <CsvImportPanel<ImportPreview>
      action={importCsvAction}
      description={
        <>
          Columns <code className="font-mono text-xs">external_id,name,tier,monthly_revenue_usd</code> (tier: free, trial, paid or
          internal). A known id updates that customer. Preview first: if any row has an error, nothing is imported.
        </>
      }
      example={EXAMPLE}
      noun={["customer", "customers"]}
      headers={[{ label: "Customer" }, { label: "Tier" }, { label: "Revenue", right: true }]}
      lines={(p) =>
        p.rows.map((r, i) => ({
          line: r.line,
          action: p.actions[i] ?? "create",
          cells: [
            <span key="name">
              {r.customer.name} <span className="font-mono text-xs text-slate-500">{r.customer.external_id}</span>
            </span>,
            r.customer.tier,
            r.customer.monthly_revenue_usd,
          ],
        }))
      }
    />
  );
}
