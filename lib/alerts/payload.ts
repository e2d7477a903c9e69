/** Slack's control characters in message text: `<!channel>`, `<https://x|label>` and entities start with these. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Top-level keys Slack reads from an incoming-webhook body; an alert's structured details never set them. */
const SLACK_KEYS = new Set([
  "text",
  "blocks",
  "attachments",
  "mrkdwn",
  "parse",
  "link_names",
  "username",
  "icon_url",
  "icon_emoji",
  "channel",
  "thread_ts",
  "unfurl_links",
  "unfurl_media",
  "response_type",
  "kind",
  "alert_id",
]);

/**
 * The webhook body: Slack's `{"text": ...}` (what an incoming webhook shows) plus structured fields for other
 * receivers — kind, alert id, and the alert's details (budget, threshold, percent, spend, period, link, …).
 * Messages are plain text built from values any `ingest` key chooses (session ids, dimension values, budget names),
 * so the whole text is escaped here, once, per Slack's rules; the only markup is the link this function adds.
 * The structured fields stay plain data (JSON, not Slack markup).
 */
export function slackPayload(alert: { id: string; kind: string; message: string; details: Record<string, unknown> }) {
  const link = typeof alert.details.link === "string" ? alert.details.link : undefined;
  const details = Object.fromEntries(Object.entries(alert.details).filter(([k]) => !SLACK_KEYS.has(k)));
  const text = escapeSlack(alert.message);
  return {
    ...details,
    text: link && !/[|<>\s]/.test(link) ? `${text} <${escapeSlack(link)}|Open in Burnrate>` : text,
    kind: alert.kind,
    alert_id: alert.id,
  };
}

/** Exponential backoff after the n-th failed attempt: base, 2×base, 4×base, … capped at one hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 3600);
}
