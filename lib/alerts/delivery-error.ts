import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";

export const GENERIC_DELIVERY_ERROR = "delivery failed";

/**
 * A delivery's last error as this actor may see it. The full text (`connect ECONNREFUSED 10.0.0.7:5432`, `HTTP 418`)
 * says what answers where on the server's network, so only admins (role or `admin` key) read it; everyone else sees
 * that delivery failed, beside the attempt count.
 */
export function visibleDeliveryError(actor: Actor, lastError: string | null): string | null {
  if (lastError === null) return null;
  return can(actor, "settings:manage") ? lastError : GENERIC_DELIVERY_ERROR;
}
