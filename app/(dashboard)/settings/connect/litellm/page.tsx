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

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect LiteLLM" };

export default async function ConnectLitellmPage() {
  const ctx = await requireUser("dashboards:read");
  const origin = publicOrigin(await headers());
  const canCreateKey = can(ctx.actor, "api_keys:manage");
  return (
    <GatewayPage ctx={ctx} current="litellm">
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
    </GatewayPage>
  );
}
