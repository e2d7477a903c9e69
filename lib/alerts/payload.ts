/**
 * The webhook body: Slack's `{"text": ...}` (what an incoming webhook shows) plus structured fields for other
 * receivers — kind, alert id, and the alert's details (budget, threshold, percent, spend, period, link, …).
 */
export function slackPayload(alert: { id: string; kind: string; message: string; details: Record<string, unknown> }) {
  const link = typeof alert.details.link === "string" ? alert.details.link : undefined;
  return {
    text: link ? `${alert.message} <${link}|Open in Burnrate>` : alert.message,
    kind: alert.kind,
    alert_id: alert.id,
    ...alert.details,
  };
}

/** Exponential backoff after the n-th failed attempt: base, 2×base, 4×base, … capped at one hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 3600);
}
