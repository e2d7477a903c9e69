import type { Metadata } from "next";
import { headers } from "next/headers";
import { CopyField } from "@/components/ui/copy-field";
import { ListTable } from "@/components/ui/list-table";
import { Panel } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { env } from "@/lib/env";
import { crossPathSummary } from "@/lib/gateways/cross-path";
import { heliconeSettingsView } from "@/lib/gateways/helicone-settings";
import { requireUser } from "@/lib/http/guard";
import { publicOrigin } from "@/lib/http/public-origin";
import { ATTRIBUTION_FIELDS } from "@/lib/otlp/attribution";
import { KEY_PLACEHOLDER, otlpEndpoint } from "@/lib/otlp/connect-snippets";
import { ConnectGuide } from "./connect-guide";
import { CrossPathPanel } from "./cross-path-panel";
import { GatewayKeySetup } from "./gateway-key-setup";
import { HeliconeSettingsForm } from "./helicone-settings-form";

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
    `      Authorization: "Bearer ${KEY_PLACEHOLDER}"`,
    "    event_types: [llm_api_success, llm_api_failure]",
    "    log_format: json_array",
  ].join("\n");
}

/** An OpenMeter client's settings, and LiteLLM's own `openmeter` callback (specs/gateway-callbacks.md §1.8, §3). */
function openmeterBlocks(origin: string) {
  const base = `${origin}/api/v1/integrations/openmeter`;
  return [
    {
      label: "OpenMeter client",
      template: [
        "# Any OpenMeter SDK or CloudEvents sender: base URL + bearer token",
        `OPENMETER_URL=${base}`,
        `OPENMETER_API_KEY=${KEY_PLACEHOLDER}`,
        `# it posts to ${base}/api/v1/events (single or batch CloudEvents)`,
      ].join("\n"),
    },
    {
      label: "LiteLLM openmeter callback",
      template: [
        '# LiteLLM config.yaml: litellm_settings.callbacks: ["openmeter"] — prefer generic_api above',
        `OPENMETER_API_ENDPOINT=${base}`,
        `OPENMETER_API_KEY=${KEY_PLACEHOLDER}`,
      ].join("\n"),
    },
  ];
}

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect" };

export default async function ConnectPage() {
  const ctx = await requireUser("dashboards:read");
  const { actor } = ctx;
  const origin = publicOrigin(await headers());
  const canCreateKey = can(actor, "api_keys:manage");
  const canManage = can(actor, "settings:manage");
  const [helicone, crossPath] = await Promise.all([canManage ? heliconeSettingsView(ctx) : null, crossPathSummary(ctx)]);
  return (
    <div className="space-y-6">
      {crossPath.calls > 0 ? <CrossPathPanel summary={crossPath} /> : null}
      <ConnectGuide origin={origin} endpoint={otlpEndpoint(origin)} canCreateKey={canCreateKey} />
      <Panel
        headingId="litellm-heading"
        title="LiteLLM proxy"
        padded
        description={
          <>
            LiteLLM&apos;s <span className="font-mono">generic_api</span> callback posts every call (successes and failures, batches of up
            to 512) to Burnrate: tokens, LiteLLM&apos;s cost, the key&apos;s user and team, the end user as customer, and request tags. Add
            the lines to the proxy&apos;s <span className="font-mono">config.yaml</span> and restart it. Turn message logging off if prompts
            should not travel (Burnrate stores none either way). A key made here sends LiteLLM records only: the same key on a second path
            (LiteLLM&apos;s OpenMeter callback) is refused, so no call is counted twice.
          </>
        }
      >
        <div className="mt-4 space-y-4">
          <CopyField label="LiteLLM endpoint" value={`${origin}/api/v1/integrations/litellm`} />
          <GatewayKeySetup
            gateway="litellm"
            label="LiteLLM"
            canCreateKey={canCreateKey}
            blocks={[{ label: "config.yaml", template: litellmConfig(origin) }]}
          />
        </div>
      </Panel>
      <Panel
        headingId="openmeter-heading"
        title="OpenMeter events"
        padded
        description={
          <>
            An app that meters with OpenMeter&apos;s CloudEvents sends them here unchanged: token events become usage events, other types
            are acknowledged and not counted. A key made here says how its events are read: the <span className="font-mono">subject</span>{" "}
            is the customer (OpenMeter&apos;s usual meaning), the user, or neither; and whether per-token{" "}
            <span className="font-mono">input</span> events already include cache reads (a producer that sends OpenAI&apos;s{" "}
            <span className="font-mono">prompt_tokens</span>).
          </>
        }
      >
        <div className="mt-4 space-y-4">
          <CopyField label="OpenMeter base URL" value={`${origin}/api/v1/integrations/openmeter`} />
          <GatewayKeySetup gateway="openmeter" label="OpenMeter" canCreateKey={canCreateKey} blocks={openmeterBlocks(origin)} />
        </div>
      </Panel>
      <Panel
        headingId="helicone-heading"
        title="Helicone"
        padded
        description={
          <>
            Helicone → Webhooks: add this URL (Helicone sends to <strong>HTTPS only</strong>; a Burnrate without TLS receives nothing) and
            keep <em>include data</em> on. Deliveries are checked against the webhook&apos;s HMAC key. Custom properties, sessions and the
            exact time are not in the webhook: give Burnrate a Helicone API key to read them from Helicone&apos;s API.
          </>
        }
      >
        <div className="mt-4 space-y-4">
          <CopyField label="Helicone webhook URL" value={`${origin}/api/v1/integrations/helicone`} />
          {helicone ? (
            <HeliconeSettingsForm view={helicone} canStore={Boolean(env().BURNRATE_SECRET)} />
          ) : (
            <p className="text-sm text-slate-600">An admin sets the webhook secret and the API key here.</p>
          )}
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
