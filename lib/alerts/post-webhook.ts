import "server-only";
import { env } from "@/lib/env";
import { OutboundRefusedError, outboundRequest } from "@/lib/net/outbound-request";

const SEND_TIMEOUT_MS = 10_000;
/** A receiver's answer is not used; Slack's is "ok". More than this is not a webhook receiver. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** How one POST to an alert webhook went: a 2xx; another status; or no answer (refused by the guard, unreachable). */
export type WebhookOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "http_error"; status: number }
  | { kind: "refused"; error: string }
  | { kind: "unreachable"; error: string };

/**
 * POSTs a JSON body to an alert webhook through the outbound guard (lib/net): loopback, private and metadata targets
 * are refused unless listed in BURNRATE_WEBHOOK_ALLOWED_HOSTS, checked again once resolved. ALERT_WEBHOOK_URL is the
 * operator's own setting and is trusted; a URL saved in Settings or on a budget is not, whatever was checked at save.
 */
export async function postToWebhook(url: string, body: unknown): Promise<WebhookOutcome> {
  try {
    const res = await outboundRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      timeoutMs: SEND_TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
      trusted: url === env().ALERT_WEBHOOK_URL,
      allowed: env().BURNRATE_WEBHOOK_ALLOWED_HOSTS,
    });
    return res.status >= 200 && res.status < 300 ? { kind: "delivered", status: res.status } : { kind: "http_error", status: res.status };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    return err instanceof OutboundRefusedError ? { kind: "refused", error: message } : { kind: "unreachable", error: message };
  }
}
