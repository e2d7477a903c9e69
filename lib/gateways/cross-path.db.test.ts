import { inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { events as eventsTable } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { claimResponseIds, crossPathSummary, type GatewaySource, ingestFlaggingCrossPath } from "./cross-path";

const call = (source: GatewaySource, responseId: string) => ({
  id: `${source}:${responseId}-call`,
  timestamp: "2026-11-03T10:00:00Z",
  provider: "openai",
  model: "gpt-4.1-mini",
  input_tokens: 100,
  output_tokens: 10,
  tags: { source, response_id: responseId } as Record<string, string>,
});

describeEachDatabase("calls arriving through two gateways", (t) => {
  it("the later arrival from another gateway is stored with the first one's id; the same gateway again is not flagged", async () => {
    const ctx = systemContext(t.handle.db);
    const send = (source: GatewaySource, batch: ReturnType<typeof call>[]) =>
      ingestFlaggingCrossPath(ctx, source, batch, () => ingestEvents(ctx, batch));
    const tagsOf = async (ids: string[]) =>
      Object.fromEntries(
        (
          await t.handle.db.select({ id: eventsTable.id, tags: eventsTable.tags }).from(eventsTable).where(inArray(eventsTable.id, ids))
        ).map((r) => [r.id, r.tags?.duplicate_of ?? null]),
      );

    expect(await send("litellm", [call("litellm", "chatcmpl-1"), call("litellm", "chatcmpl-2")])).toMatchObject({ accepted: 2 });
    expect(await send("openmeter", [call("openmeter", "chatcmpl-1"), call("openmeter", "chatcmpl-3")])).toMatchObject({ accepted: 2 });
    // LiteLLM re-sending its batch (a replay): its own path, a duplicate, no flag.
    expect(await send("litellm", [call("litellm", "chatcmpl-1")])).toMatchObject({ duplicates: 1 });
    expect(
      await tagsOf(["litellm:chatcmpl-1-call", "litellm:chatcmpl-2-call", "openmeter:chatcmpl-1-call", "openmeter:chatcmpl-3-call"]),
    ).toEqual({
      "litellm:chatcmpl-1-call": null,
      "litellm:chatcmpl-2-call": null,
      "openmeter:chatcmpl-1-call": "litellm:chatcmpl-1-call",
      "openmeter:chatcmpl-3-call": null,
    });
    // A call with no response id is never claimed.
    expect(await claimResponseIds(ctx, "helicone", [{ id: "helicone:x", tags: {} }])).toEqual([]);

    const summary = await crossPathSummary(ctx);
    expect(summary.calls).toBe(1);
    expect(summary.latest).toEqual([
      expect.objectContaining({
        responseId: "chatcmpl-1",
        source: "openmeter",
        firstSource: "litellm",
        eventId: "openmeter:chatcmpl-1-call",
        duplicateOf: "litellm:chatcmpl-1-call",
      }),
    ]);
  });

  it("two gateways racing on the same calls agree: exactly one of each pair is flagged, naming the other", async () => {
    const ctx = systemContext(t.handle.db);
    const ids = Array.from({ length: 40 }, (_, i) => `resp-race-${i}`);
    // One request per call from each side, interleaved, as two gateways posting at once would.
    const results = await Promise.all(
      ids.flatMap((r) => [
        claimResponseIds(ctx, "litellm", [call("litellm", r)]),
        claimResponseIds(ctx, "helicone", [call("helicone", r)]),
      ]),
    );
    ids.forEach((r, i) => {
      const flags = [...(results[2 * i] ?? []), ...(results[2 * i + 1] ?? [])];
      expect(flags).toHaveLength(1);
      const other = flags[0]?.eventId === `litellm:${r}-call` ? `helicone:${r}-call` : `litellm:${r}-call`;
      expect(flags[0]?.duplicateOf).toBe(other);
    });
    expect((await crossPathSummary(ctx)).calls).toBe(ids.length);
  });
});
