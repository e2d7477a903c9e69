import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { type ApiKeyRow, listApiKeys } from "@/lib/auth/api-keys";
import { formatDateTime } from "@/lib/format";
import { GATEWAY_LABELS } from "@/lib/gateways/key-binding";
import { requireUser } from "@/lib/http/guard";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";

/** The gateway a key is bound to (lib/gateways/key-binding.ts) and, for OpenMeter, how its events are read. */
function gatewayNote(k: ApiKeyRow): string {
  const label = k.gateway ? GATEWAY_LABELS[k.gateway] : "";
  if (k.gateway !== "openmeter") return `${label} only`;
  const o = k.gatewayOptions ?? {};
  const subject = o.subject === "user" ? "subject → user" : o.subject === "none" ? "subject ignored" : "subject → customer";
  return `${label} only · ${subject}${o.input_includes_cached ? " · input includes cache reads" : ""}`;
}

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const keys = await listApiKeys(await requireUser("api_keys:manage"));
  return (
    <div className="space-y-6">
      <CreateKeyForm />
      <Panel
        headingId="keys-heading"
        title="API keys"
        description={
          <>
            Send as <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer br_…</code>. Revoking takes effect
            on the next request.
          </>
        }
      >
        {keys.length === 0 ? (
          <PanelEmpty>No API keys yet. Create one above to start sending usage events.</PanelEmpty>
        ) : (
          <ListTable columns={["Name", "Key", "Scopes", "Created", "Last used", { label: "Actions", hidden: true, right: true }]}>
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "text-slate-400" : undefined}>
                <td className="px-5 py-3 font-medium">{k.name}</td>
                <td className="px-5 py-3 font-mono text-xs">{k.prefix}…</td>
                <td className="px-5 py-3">
                  <div className="flex flex-wrap gap-1">
                    {k.scopes.map((s) => (
                      <Badge key={s} tone={s === "admin" ? "warn" : "neutral"}>
                        {s}
                      </Badge>
                    ))}
                  </div>
                  {k.gateway ? <div className="mt-1 text-xs text-slate-500">{gatewayNote(k)}</div> : null}
                </td>
                <td className="px-5 py-3 whitespace-nowrap">
                  {formatDateTime(k.createdAt)}
                  {k.createdBy ? <div className="text-xs text-slate-500">by {k.createdBy}</div> : null}
                </td>
                <td className="px-5 py-3 whitespace-nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</td>
                <td className="px-5 py-3 text-right">
                  {k.revokedAt ? (
                    <Badge tone="bad">revoked {formatDateTime(k.revokedAt)}</Badge>
                  ) : (
                    <ConfirmActionButton
                      action={revokeApiKeyAction}
                      id={k.id}
                      label="Revoke"
                      ariaLabel={`Revoke ${k.name}`}
                      confirm={`Revoke "${k.name}"? Requests with this key fail from now on.`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}
