import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { globalAlertWebhook } from "./destination";
import { appLink } from "./link";
import { slackPayload } from "./payload";
import { postToWebhook } from "./post-webhook";

export interface TestAlertResult {
  delivered: boolean;
  /** The receiver's HTTP status; null when nothing answered. */
  status: number | null;
  /** What happened, in words, for the admin who pressed the button. */
  message: string;
}

export const TEST_MESSAGE =
  "Burnrate test message: budget, anomaly, runaway-session and quota alerts and the weekly review digest will be posted here.";

/**
 * Posts a Slack-compatible test message (the same body shape as an alert, kind `test`) to the global alert webhook,
 * through the same outbound guard as alerts, once, without retrying, and says how it went. Admins only: the answer
 * names what responds where on the server's network, as a delivery's last error does. Audited (a request the server
 * makes to an address an admin chose), with the outcome.
 */
export async function sendTestAlert(ctx: Ctx): Promise<TestAlertResult> {
  assertCan(ctx.actor, "settings:manage");
  const destination = await globalAlertWebhook(ctx);
  if (!destination) {
    throw new AppError("conflict", "No alert webhook is set: save one in Settings → Alerts (or set ALERT_WEBHOOK_URL) first.");
  }
  const body = slackPayload({ id: `test-${randomUUID()}`, kind: "test", message: TEST_MESSAGE, details: { link: appLink("/alerts") } });
  const outcome = await postToWebhook(destination.url, body);
  const result = describeOutcome(outcome);
  await recordAudit(ctx, {
    action: "alert.test_sent",
    target: "alert webhook",
    details: { source: destination.source, delivered: result.delivered, status: result.status },
  });
  return result;
}

function describeOutcome(outcome: Awaited<ReturnType<typeof postToWebhook>>): TestAlertResult {
  switch (outcome.kind) {
    case "delivered":
      return { delivered: true, status: outcome.status, message: `Delivered: the webhook answered HTTP ${outcome.status}.` };
    case "http_error":
      return { delivered: false, status: outcome.status, message: `Not delivered: the webhook answered HTTP ${outcome.status}.` };
    case "refused":
      return {
        delivered: false,
        status: null,
        message: `Not sent, refused: ${outcome.error.replace(/^refused: /, "")}. Use a public address, or list the host in BURNRATE_WEBHOOK_ALLOWED_HOSTS.`,
      };
    case "unreachable":
      return { delivered: false, status: null, message: `Unreachable: ${outcome.error}.` };
  }
}
