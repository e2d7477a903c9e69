import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/net/outbound-url";

/**
 * A base URL typed in Settings → Providers gets the webhook rules: no loopback, private, link-local or metadata
 * address unless its host is in BURNRATE_WEBHOOK_ALLOWED_HOSTS (the environment's own base URL is the operator's and
 * always accepted). Checked again, resolved, on every request (lib/net/outbound-request.ts).
 */
export function assertProviderBaseUrl(baseUrl: string | null, envBase: string): void {
  if (baseUrl === null || baseUrl === envBase) return;
  const check = checkOutboundUrl(baseUrl, env().BURNRATE_WEBHOOK_ALLOWED_HOSTS);
  if (check.ok) return;
  throw new AppError(
    "validation_failed",
    `The API base URL is refused: ${check.reason}. Use the provider's public address, or list the host in BURNRATE_WEBHOOK_ALLOWED_HOSTS.`,
    [{ path: "base_url", message: `is refused: ${check.reason}` }],
  );
}
