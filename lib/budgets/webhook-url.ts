import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/net/outbound-url";

/**
 * A budget's webhook may not point at this machine or the private network (DESIGN §3.12): 400 `invalid_webhook_url`
 * naming the reason, unless the host is in BURNRATE_WEBHOOK_ALLOWED_HOSTS. Names are checked again, resolved, at send.
 */
export function assertWebhookUrl(url: string | undefined): void {
  if (!url) return;
  const check = checkOutboundUrl(url, env().BURNRATE_WEBHOOK_ALLOWED_HOSTS);
  if (check.ok) return;
  const message = `webhook_url is refused: ${check.reason}. Use a public address, or list the host in BURNRATE_WEBHOOK_ALLOWED_HOSTS.`;
  throw new AppError("invalid_webhook_url", message, [{ path: "webhook_url", message: `is refused: ${check.reason}` }]);
}

/** What the audit log records of a webhook: its host, never the path (Slack webhook paths are credentials). */
export function webhookHost(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
