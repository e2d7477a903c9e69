import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable } from "@/components/ui/list-table";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requireUser } from "@/lib/auth/guard";
import { formatDateTime } from "@/lib/format";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const keys = await listApiKeys(await requireUser("api_keys:manage"));
  return (
    <div className="space-y-6">
      <CreateKeyForm />
      <section aria-labelledby="keys-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="border-b border-slate-200 px-5 py-4">
          <h2 id="keys-heading" className="font-semibold">
            API keys
          </h2>
          <p className="mt-1 text-sm text-slate-500">
            Send as <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer br_…</code>. Revoking takes effect
            on the next request.
          </p>
        </div>
        {keys.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500">No API keys yet. Create one above to start sending usage events.</p>
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
      </section>
    </div>
  );
}
