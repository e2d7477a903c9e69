import { z } from "zod";
import { WebhookUrl } from "@/lib/budgets/schemas";
import { isoInstant } from "@/lib/dates/schemas";

export const ALERT_KINDS = ["budget", "anomaly", "runaway", "quota"] as const;
export const DELIVERY_STATES = ["delivered", "pending", "retrying", "failed", "no_webhook"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** `GET /api/v1/alerts?since=<RFC 3339>`: alerts fired at or after `since` (default: the last 30 days). */
export const AlertsQuery = z.strictObject({
  since: isoInstant.optional(),
});

/** A select's "all" option sends an empty value: no filter. */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

/** The Alerts screen's URL filters (its form's fields). */
export const AlertsView = z.strictObject({
  kind: choice(ALERT_KINDS),
  delivery: choice(DELIVERY_STATES),
  days: z.coerce.number().int().min(1).max(366).default(30),
});
export type AlertsView = z.infer<typeof AlertsView>;

/** The body of `PUT /api/v1/alerts/destination` and Settings → Alerts' form: the global alert webhook. */
export const AlertDestinationInput = z.strictObject({
  url: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), WebhookUrl),
});
export type AlertDestinationInput = z.infer<typeof AlertDestinationInput>;
