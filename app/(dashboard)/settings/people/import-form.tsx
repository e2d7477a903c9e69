"use client";

import { CsvImportPanel } from "@/components/ui/csv-import-panel";
import type { PeoplePreview } from "@/lib/people/import-people";
import { importPeopleAction } from "./actions";

const EXAMPLE =
  "name,email,team,aliases\nDana Okafor,dana@acme.dev,platform,github_login:dana-okafor; openai_api_key_id:key_abc\nSam Lee,sam@acme.dev,data,";

/** Paste or choose a people CSV, preview it, then import all lines or none. */
export function ImportPeopleForm() {
  return (
    <CsvImportPanel<PeoplePreview>
      action={importPeopleAction}
      description={
        <>
          Columns <code className="font-mono text-xs">name,email</code> and optionally{" "}
          <code className="font-mono text-xs">team,aliases</code>; aliases are <code className="font-mono text-xs">kind:value</code> pairs
          separated by <code className="font-mono text-xs">;</code>. A known email updates that person (name, team) and adds the aliases. An
          alias claimed twice, or already someone else&apos;s, refuses the whole file.
        </>
      }
      example={EXAMPLE}
      noun={["person", "people"]}
      headers={[{ label: "Person" }, { label: "Team" }, { label: "Aliases" }]}
      lines={(p) =>
        p.rows.map((r) => ({
          line: r.line,
          action: r.action,
          cells: [
            <span key="name">
              {r.person.name} <span className="font-mono text-xs text-slate-500">{r.person.email}</span>
            </span>,
            r.person.team ?? "—",
            <span key="aliases" className="font-mono text-xs">
              {r.person.aliases.map((a) => `${a.kind}:${a.value}`).join("; ") || "—"}
            </span>,
          ],
        }))
      }
    />
  );
}
