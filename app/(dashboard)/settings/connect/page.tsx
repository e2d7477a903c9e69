import type { Metadata } from "next";
import { headers } from "next/headers";
import { ListTable } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { requireUser } from "@/lib/http/guard";
import { publicOrigin } from "@/lib/http/public-origin";
import { ATTRIBUTION_FIELDS } from "@/lib/otlp/attribution";
import { otlpEndpoint } from "@/lib/otlp/connect-snippets";
import { ConnectGuide } from "./connect-guide";
import { ConnectTabs } from "./connect-tabs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect" };

export default async function ConnectPage() {
  const ctx = await requireUser("dashboards:read");
  const { actor } = ctx;
  const origin = publicOrigin(await headers());
  const canCreateKey = can(actor, "api_keys:manage");
  return (
    <div className="space-y-6">
      <ConnectTabs current="otel" />
      <ConnectGuide origin={origin} endpoint={otlpEndpoint(origin)} canCreateKey={canCreateKey} />
      <Panel
        headingId="attribution-heading"
        title="Attribution"
        description={
          <>
            Set these as resource attributes (<span className="font-mono">OTEL_RESOURCE_ATTRIBUTES</span>, comma-separated{" "}
            <span className="font-mono">key=value</span>) or on individual records; a record&apos;s value wins over the resource&apos;s.
          </>
        }
      >
        <ListTable columns={["Attribute", "Sets"]}>
          {ATTRIBUTION_FIELDS.map((field) => (
            <tr key={field}>
              <td className="px-5 py-2 font-mono text-xs">{dimensionSpec(field).otlp?.keys[0]}</td>
              <td className="px-5 py-2 text-sm text-slate-600">{dimensionSpec(field).otlp?.help}</td>
            </tr>
          ))}
        </ListTable>
      </Panel>
    </div>
  );
}
