import type { Metadata } from "next";
import { headers } from "next/headers";
import { CopyField } from "@/components/ui/copy-field";
import { Panel } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { heliconeSettingsView } from "@/lib/gateways/helicone-settings";
import { requireUser } from "@/lib/http/guard";
import { publicOrigin } from "@/lib/http/public-origin";
import { GatewayPage } from "../gateway-page";
import { HeliconeSettingsForm } from "../helicone-settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect Helicone" };

export default async function ConnectHeliconePage() {
  const ctx = await requireUser("dashboards:read");
  const origin = publicOrigin(await headers());
  const helicone = can(ctx.actor, "settings:manage") ? await heliconeSettingsView(ctx) : null;
  return (
    <GatewayPage ctx={ctx} current="helicone">
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
    </GatewayPage>
  );
}
