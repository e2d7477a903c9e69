import { afterEach, expect, it } from "vitest";
import { foldAggregates } from "@/lib/aggregates/fold";
import { deliverPendingAlerts } from "@/lib/alerts/deliver-alerts";
import { listAlerts } from "@/lib/alerts/queries";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { buildWeeklyDigest, sendWeeklyDigest } from "./digest";
import { markReviewItem } from "./mark-item";

// Monday 23 November 2026: the digest of 2026-W47 (16–22 November) is due from 09:00 UTC.
const MONDAY_0859 = new Date("2026-11-23T08:59:59Z");
const MONDAY_0900 = new Date("2026-11-23T09:00:00Z");

describeEachDatabase("weekly review digest", (t) => {
  const receivers: WebhookReceiver[] = [];
  afterEach(async () => {
    for (const r of receivers.splice(0)) await r.close();
  });

  async function seed() {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "w47-a", timestamp: "2026-11-17T10:00:00Z", cost_usd: "3", session: "s-a", input_tokens: 150_000 }),
        makeEvent({ id: "w47-b", timestamp: "2026-11-18T10:00:00Z", cost_usd: "1" }),
        makeEvent({ id: "w46-a", timestamp: "2026-11-10T10:00:00Z", cost_usd: "2.5", session: "s-old" }),
      ],
      MONDAY_0900,
    );
  }

  it("sums last week against the week before, lists its top items and what the previous review left open", async () => {
    await seed();
    await markReviewItem(systemContext(t.handle.db), {
      week: "2026-W46",
      kind: "session",
      id: "s-old",
      status: "fixed",
      tags: [],
      note: "",
      owner: "",
    });
    await foldAggregates(t.handle.db);
    const digest = await buildWeeklyDigest(systemContext(t.handle.db), "2026-W47");
    expect(digest?.details).toMatchObject({
      week: "2026-W47",
      spend_usd: "4.0000000000",
      previous_spend_usd: "2.5000000000",
      change_percent: "60.0",
      top: [
        { kind: "request", id: "w47-a", cost_usd: "3.0000000000", reason: "huge context: 150,000 input tokens" },
        { kind: "session", id: "s-a", cost_usd: "3.0000000000", reason: null },
        { kind: "request", id: "w47-b", cost_usd: "1.0000000000", reason: null },
      ],
      // W46's review: the request w46-a and the session s-old; the session was fixed.
      left_open: { week: "2026-W46", open: 1, total: 2 },
    });
    expect(digest?.text.split("\n")[0]).toBe(
      "*Burnrate weekly review 2026-W47* (2026-11-16 – 2026-11-22): spent $4.00 (▲ 60.0% vs $2.50 the week before).",
    );
    expect(digest?.text).toContain("Left open from 2026-W46: 1 of 2 items.");
    // A week without usage has no digest.
    await foldAggregates(t.handle.db);
    expect(await buildWeeklyDigest(systemContext(t.handle.db), "2026-W40")).toBeNull();
  });

  it("posts once per week from Monday 09:00 UTC, however many evaluators run it at once", async () => {
    await seed();
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    await foldAggregates(t.handle.db);
    expect(await sendWeeklyDigest(systemContext(t.handle.db), MONDAY_0859, receiver.url)).toBeNull();
    await foldAggregates(t.handle.db);
    const ids = await Promise.all(Array.from({ length: 6 }, () => sendWeeklyDigest(systemContext(t.handle.db), MONDAY_0900, receiver.url)));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    // Later runs that week find it sent.
    await foldAggregates(t.handle.db);
    expect(await sendWeeklyDigest(systemContext(t.handle.db), new Date("2026-11-25T12:00:00Z"), receiver.url)).toBeNull();
    await Promise.all([deliverPendingAlerts(systemContext(t.handle.db)), deliverPendingAlerts(systemContext(t.handle.db))]);
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]).toMatchObject({
      kind: "digest",
      week: "2026-W47",
      spend_usd: "4.0000000000",
      text: expect.stringContaining("2026-W47"),
    });
    // The digest is not an alert: the alert list leaves it out.
    expect(await listAlerts(systemContext(t.handle.db), { since: new Date("2026-01-01T00:00:00Z") })).toEqual([]);
  });
});
