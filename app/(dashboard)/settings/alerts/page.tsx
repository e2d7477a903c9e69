import type { Metadata } from "next";
import { Panel } from "@/components/ui/panel";
import { alertDestinationView } from "@/lib/alerts/destination";
import { requireUser } from "@/lib/http/guard";
import { AlertDestinationForm } from "./alert-destination-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alert settings" };

export default async function AlertSettingsPage() {
  const view = await alertDestinationView(await requireUser("settings:manage"));
  return (
    <Panel
      headingId="alert-webhook-heading"
      title="Alert webhook"
      padded
      description={
        <>
          Where Burnrate posts anomaly, runaway-session and quota alerts, the weekly review digest, and the alerts of budgets that have no
          webhook of their own: a Slack incoming webhook or any receiver of Slack-compatible JSON. Each message links to the screen that
          explains it.
        </>
      }
    >
      <div className="mt-4">
        <AlertDestinationForm view={view} />
      </div>
    </Panel>
  );
}
