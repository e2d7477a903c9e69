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

/** Slack's limits: a section's text and a button's URL (longer is refused, and the whole message with it). */
const SECTION_TEXT_MAX = 3000;
const BUTTON_URL_MAX = 3000;

/**
 * The webhook body: Slack's `{"text": ...}` (what an incoming webhook shows, and the notification text beside blocks)
 * and `blocks` (the message as a section, and an "Open in Burnrate" button to the screen that explains it), plus
 * structured fields for other receivers — kind, alert id, and the alert's details (budget, threshold, percent, spend,
 * period, link, …). Messages are plain text built from values any `ingest` key chooses (session ids, dimension
 * values, budget names), so the whole text is escaped here, once, per Slack's rules; the only markup is the link this
 * function adds. The structured fields stay plain data (JSON, not Slack markup).
 */
export function slackPayload(alert: { id: string; kind: string; message: string; details: Record<string, unknown> }) {
  const link = typeof alert.details.link === "string" ? alert.details.link : undefined;
  const button = buttonUrl(link);
  const details = Object.fromEntries(Object.entries(alert.details).filter(([k]) => !SLACK_KEYS.has(k)));
  const text = escapeSlack(alert.message);
  const section = text.length > SECTION_TEXT_MAX ? `${text.slice(0, SECTION_TEXT_MAX - 1).replace(/&[a-z]*$/, "")}…` : text;
  return {
    ...details,
    text: link && !/[|<>\s]/.test(link) ? `${text} <${escapeSlack(link)}|Open in Burnrate>` : text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: section } },
      ...(button
        ? [
            {
              type: "actions",
              elements: [
                { type: "button", action_id: "open_in_burnrate", text: { type: "plain_text", text: "Open in Burnrate" }, url: button },
              ],
            },
          ]
        : []),
    ],
    kind: alert.kind,
    alert_id: alert.id,
  };
}

/** The link as a button's URL Slack accepts: absolute http(s), normalised (percent-encoded), within its length limit. */
function buttonUrl(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return (url.protocol === "http:" || url.protocol === "https:") && url.href.length <= BUTTON_URL_MAX ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Exponential backoff after the n-th failed attempt: base, 2×base, 4×base, … capped at one hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), 3600);
}
