import { describe, expect, it } from "vitest";
import { escapeSlack, slackPayload } from "./payload";

describe("Slack escaping", () => {
  it("escapes &, < and > (and nothing else)", () => {
    expect(escapeSlack("<!channel> & <https://phish|Reset your password> *bold* @here")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://phish|Reset your password&gt; *bold* @here",
    );
    expect(escapeSlack("&amp;")).toBe("&amp;amp;"); // an entity typed by a caller stays literal text
  });

  it.each([
    ["runaway", 'Runaway session "<!channel>": $25.00 in the last hour over 3 requests (threshold $20.00).'],
    ["anomaly", 'Anomaly: team "<https://phish.example|Reset your password>" spent $40.00 today, 4× the 7-day mean of $10.00.'],
    ["budget", 'Budget "<!here> ops" reached 50 %: $5.00 of $10.00 (50 %) on 2026-11-20.'],
    ["quota", "Acme <@U123> (acme) reached 80 % of its token quota: 800 tokens of 1,000 tokens (80 %) in 2026-11."],
    ["digest", "*Burnrate weekly review 2026-W47*\n1. session <!everyone>: $9.00"],
  ])("a %s alert's text carries no live Slack markup from its values", (kind, message) => {
    const body = slackPayload({ id: "a1", kind, message, details: { link: "http://burnrate.test/alerts?kind=budget&x=1" } });
    const text = body.text.replace(" <http://burnrate.test/alerts?kind=budget&amp;x=1|Open in Burnrate>", "");
    expect(text).not.toMatch(/[<>]/);
    expect(text).toBe(escapeSlack(message));
  });

  it("structured fields stay plain data and cannot replace the text, kind or Slack's own keys", () => {
    const body = slackPayload({
      id: "a1",
      kind: "anomaly",
      message: "m",
      details: { value: "<!channel>", text: "<!channel>", blocks: [{ type: "section" }], kind: "x", alert_id: "y" },
    });
    expect(body).toEqual({
      value: "<!channel>",
      text: "m",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "m" } }],
      kind: "anomaly",
      alert_id: "a1",
    });
  });

  it("a link that could break out of Slack's <url|label> is left out", () => {
    expect(slackPayload({ id: "a", kind: "budget", message: "m", details: { link: "http://x/a|b>" } }).text).toBe("m");
  });
});

describe("Slack blocks", () => {
  const LINK = "https://burnrate.example/sessions/s%201";
  const button = (body: ReturnType<typeof slackPayload>) =>
    body.blocks.flatMap((b) => ("elements" in b ? b.elements : [])).find((e) => e?.action_id === "open_in_burnrate");

  it("a section with the escaped message, an Open in Burnrate button, and the plain text kept for other receivers", () => {
    const message = 'Runaway session "<!channel> & <https://phish|x>": $25.00 in the last hour.';
    const body = slackPayload({ id: "a1", kind: "runaway", message, details: { session: "<!channel>", link: LINK } });
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: escapeSlack(message) } });
    expect(body.blocks[0]?.text?.text).not.toMatch(/[<>]/);
    expect(button(body)).toEqual({
      type: "button",
      action_id: "open_in_burnrate",
      text: { type: "plain_text", text: "Open in Burnrate" },
      url: LINK,
    });
    expect(body.text).toBe(`${escapeSlack(message)} <${LINK}|Open in Burnrate>`);
    expect(body).toMatchObject({ session: "<!channel>", link: LINK, kind: "runaway", alert_id: "a1" });
  });

  it("no button without a usable link; the button carries the link normalised (a JSON field, not markup)", () => {
    expect(slackPayload({ id: "a", kind: "budget", message: "m", details: {} }).blocks).toHaveLength(1);
    expect(button(slackPayload({ id: "a", kind: "budget", message: "m", details: { link: "javascript:alert(1)" } }))).toBeUndefined();
    expect(
      button(slackPayload({ id: "a", kind: "budget", message: "m", details: { link: `https://x/${"a".repeat(3000)}` } })),
    ).toBeUndefined();
    expect(button(slackPayload({ id: "a", kind: "budget", message: "m", details: { link: "http://x/a|b>" } }))?.url).toBe(
      "http://x/a|b%3E",
    );
  });

  it("a message longer than a section holds is cut without splitting an entity", () => {
    const body = slackPayload({ id: "a", kind: "digest", message: `${"x".repeat(2997)}&&&`, details: {} });
    const text = body.blocks[0]?.text?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toBe(`${"x".repeat(2997)}…`);
    expect(body.text).toBe(`${"x".repeat(2997)}&amp;&amp;&amp;`);
  });
});
