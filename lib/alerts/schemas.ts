import { z } from "zod";
import { isoInstant } from "@/lib/dates/schemas";

export const ALERT_KINDS = ["budget", "anomaly", "runaway", "quota"] as const;
export const DELIVERY_STATES = ["delivered", "pending", "retrying", "failed", "no_webhook"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** `GET /api/v1/alerts?since=<RFC 3339>`: alerts fired at or after `since` (default: the last 30 days). */
export const AlertsQuery = z.strictObject({
  since: isoInstant.optional(),
});

/** The Alerts screen's URL filters. */
export const AlertsView = z.object({
  kind: z.enum(ALERT_KINDS).optional().catch(undefined),
  delivery: z.enum(DELIVERY_STATES).optional().catch(undefined),
  days: z.coerce.number().int().min(1).max(366).catch(30).default(30),
});
export type AlertsView = z.infer<typeof AlertsView>;
