import type { Metadata } from "next";
import { headers } from "next/headers";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyField } from "@/components/ui/copy-field";
import { ListTable } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { requireUser } from "@/lib/http/guard";
import { publicOrigin } from "@/lib/http/public-origin";
import { ATTRIBUTION_FIELDS } from "@/lib/otlp/attribution";
import { otlpEndpoint } from "@/lib/otlp/connect-snippets";
import { ConnectGuide } from "./connect-guide";

/** The lines a LiteLLM proxy needs (specs/gateway-callbacks.md §1.1, way A: no enterprise package needed). */
function litellmConfig(origin: string): string {
  return [
    "litellm_settings:",
    '  callbacks: ["burnrate"]',
    "  turn_off_message_logging: true   # optional: keep prompts out of the payload",
    "callback_settings:",
    "  burnrate:",
    "    callback_type: generic_api",
    `    endpoint: ${origin}/api/v1/integrations/litellm`,
    "    headers:",
    '      Authorization: "Bearer <ingest key>"',
    "    event_types: [llm_api_success, llm_api_failure]",
    "    log_format: json_array",
  ].join("\n");
}

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect" };

export default async function ConnectPage() {
  const { actor } = await requireUser("dashboards:read");
  const origin = publicOrigin(await headers());
  return (
    <div className="space-y-6">
      <ConnectGuide origin={origin} endpoint={otlpEndpoint(origin)} canCreateKey={can(actor, "api_keys:manage")} />
      <Panel
        headingId="litellm-heading"
        title="LiteLLM proxy"
        padded
        description={
          <>
            LiteLLM&apos;s <span className="font-mono">generic_api</span> callback posts every call (successes and failures, batches of up
            to 512) to Burnrate: tokens, LiteLLM&apos;s cost, the key&apos;s user and team, the end user as customer, and request tags. Use
            an <span className="font-mono">ingest</span> key; add the lines to the proxy&apos;s{" "}
            <span className="font-mono">config.yaml</span> and restart it. Turn message logging off if prompts should not travel (Burnrate
            stores none either way).
          </>
        }
      >
        <div className="mt-4 space-y-4">
          <CopyField label="LiteLLM endpoint" value={`${origin}/api/v1/integrations/litellm`} />
          <CodeBlock label="config.yaml" code={litellmConfig(origin)} />
        </div>
      </Panel>
      <Panel
        headingId="gateways-heading"
        title="OpenMeter clients and Helicone"
        padded
        description={
          <>
            An app that emits OpenMeter events: give its client this base URL and an <span className="font-mono">ingest</span> key.
            Helicone: add this webhook URL (HTTPS only) and start Burnrate with <span className="font-mono">HELICONE_WEBHOOK_SECRET</span>{" "}
            set to the webhook&apos;s HMAC key.
          </>
        }
      >
        <div className="mt-4 space-y-4">
          <CopyField label="OpenMeter base URL" value={`${origin}/api/v1/integrations/openmeter`} />
          <CopyField label="Helicone webhook URL" value={`${origin}/api/v1/integrations/helicone`} />
        </div>
      </Panel>
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
