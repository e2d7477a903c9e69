import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable } from "@/components/ui/list-table";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import { listAuditLog } from "@/lib/audit/queries";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";
import { formatDateTime } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readAuditView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const GROUPS = [
  { value: "", label: "Everything" },
  { value: "auth", label: "Sign-ins" },
  { value: "member", label: "Members" },
  { value: "api_key", label: "API keys" },
  { value: "budget", label: "Budgets" },
  { value: "price", label: "Prices" },
  { value: "export", label: "Exports" },
  { value: "month", label: "Month closes" },
  { value: "provider", label: "Providers" },
];

function tone(action: string) {
  if (action === "auth.sign_in_failed" || action === "auth.sign_in_blocked") return "bad" as const;
  if (action.endsWith("revoked") || action.endsWith("deactivated")) return "warn" as const;
  return "neutral" as const;
}

function describeDetails(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join(" · ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireUser("audit:read");
  const parsed = readAuditView(await searchParams);
  if (!parsed.ok) {
    return <InvalidView title="Audit log" details={parsed.details} reset={{ href: "/settings/audit", label: "Show the newest entries" }} />;
  }
  const input = parsed.view;
  const { rows, nextBefore } = await listAuditLog(ctx, input);
  const group = input.action?.split(".")[0] ?? "";
  return (
    <Panel aria-labelledby="audit-heading">
      <PanelHeader className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="audit-heading" className="font-semibold">
          Audit log
        </h2>
        <nav aria-label="Filter the audit log" className="flex flex-wrap gap-1 text-sm">
          {GROUPS.map((g) => (
            <Link
              key={g.value}
              href={g.value ? `?action=${g.value}` : "?"}
              aria-current={group === g.value ? "true" : undefined}
              className={
                group === g.value
                  ? "rounded-md bg-slate-900 px-2.5 py-1 text-white"
                  : "rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100"
              }
            >
              {g.label}
            </Link>
          ))}
        </nav>
      </PanelHeader>
      {rows.length === 0 ? (
        <PanelEmpty>Nothing recorded{group ? " for this filter" : ""} yet.</PanelEmpty>
      ) : (
        <ListTable columns={["When", "Who", "What", "Target", "Details", "Address"]}>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="px-5 py-2.5 whitespace-nowrap text-slate-600">{formatDateTime(r.at)}</td>
              <td className="px-5 py-2.5">
                {r.actorLabel}
                {r.actorKind === "api_key" || r.actorKind === "system" ? (
                  <span className="ml-1 text-xs text-slate-400">({r.actorKind.replace("_", " ")})</span>
                ) : null}
              </td>
              <td className="px-5 py-2.5">
                <Badge tone={tone(r.action)}>{AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action}</Badge>
              </td>
              <td className="px-5 py-2.5">{r.target ?? ""}</td>
              <td className="px-5 py-2.5 text-xs text-slate-500">{describeDetails(r.details)}</td>
              <td className="px-5 py-2.5 font-mono text-xs text-slate-500">{r.ip ?? ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
      {nextBefore || input.before ? (
        <div className="flex justify-between border-t border-slate-200 px-5 py-3 text-sm">
          {input.before ? (
            <Link href={group ? `?action=${input.action}` : "?"} className="font-medium text-orange-700 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextBefore ? (
            <Link
              href={`?${new URLSearchParams({ ...(input.action ? { action: input.action } : {}), before: String(nextBefore) })}`}
              className="font-medium text-orange-700 hover:underline"
            >
              Older →
            </Link>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
