import type { Metadata } from "next";
import { headers } from "next/headers";
import { CopyField } from "@/components/ui/copy-field";
import { Panel } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/http/guard";
import { publicOrigin } from "@/lib/http/public-origin";
import { KEY_PLACEHOLDER } from "@/lib/otlp/connect-snippets";
import { GatewayKeySetup } from "../gateway-key-setup";
import { GatewayPage } from "../gateway-page";

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
export const metadata: Metadata = { title: "Connect OpenMeter" };

export default async function ConnectOpenmeterPage() {
  const ctx = await requireUser("dashboards:read");
  const origin = publicOrigin(await headers());
  const canCreateKey = can(ctx.actor, "api_keys:manage");
  return (
    <GatewayPage ctx={ctx} current="openmeter">
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
    </GatewayPage>
  );
}
