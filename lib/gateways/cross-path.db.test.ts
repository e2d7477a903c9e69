import { expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { describeEachDatabase } from "@/scripts/test/databases";
import { crossPathSummary, flagCrossPath, type GatewaySource } from "./cross-path";

const call = (source: GatewaySource, responseId: string) => ({
  id: `${source}:${responseId}-call`,
  tags: { source, response_id: responseId } as Record<string, string>,
});

describeEachDatabase("calls arriving through two gateways", (t) => {
  it("the later arrival from another gateway is flagged with the first one's id; the same gateway again is not", async () => {
    const ctx = systemContext(t.handle.db);
    const first = [call("litellm", "chatcmpl-1"), call("litellm", "chatcmpl-2"), { id: "litellm:no-response-id", tags: {} }];
    expect(await flagCrossPath(ctx, "litellm", first)).toBe(0);
    expect(first.every((e) => !("duplicate_of" in e.tags))).toBe(true);

    const second = [call("openmeter", "chatcmpl-1"), call("openmeter", "chatcmpl-3")];
    expect(await flagCrossPath(ctx, "openmeter", second)).toBe(1);
    expect(second[0]?.tags.duplicate_of).toBe("litellm:chatcmpl-1-call");
    expect(second[1]?.tags).not.toHaveProperty("duplicate_of");

    // LiteLLM re-sending its batch (a replay) and a cache hit of the same response: its own path, no flag.
    const again = [call("litellm", "chatcmpl-1")];
    expect(await flagCrossPath(ctx, "litellm", again)).toBe(0);
    expect(again[0]?.tags).not.toHaveProperty("duplicate_of");

    const summary = await crossPathSummary(ctx);
    expect(summary.calls).toBe(1);
    expect(summary.latest).toEqual([
      expect.objectContaining({
        responseId: "chatcmpl-1",
        source: "openmeter",
        eventId: "openmeter:chatcmpl-1-call",
        duplicateOf: "litellm:chatcmpl-1-call",
      }),
    ]);
  });

  it("two gateways racing on the same calls agree: exactly one of each pair is flagged, naming the other", async () => {
    const ctx = systemContext(t.handle.db);
    const ids = Array.from({ length: 40 }, (_, i) => `resp-race-${i}`);
    const viaLitellm = ids.map((r) => call("litellm", r));
    const viaHelicone = ids.map((r) => call("helicone", r));
    // One request per call from each side, interleaved, as two gateways posting at once would.
    await Promise.all(
      ids.flatMap((_, i) => [
        flagCrossPath(ctx, "litellm", [viaLitellm[i] as ReturnType<typeof call>]),
        flagCrossPath(ctx, "helicone", [viaHelicone[i] as ReturnType<typeof call>]),
      ]),
    );
    ids.forEach((_, i) => {
      const a = viaLitellm[i]?.tags.duplicate_of;
      const b = viaHelicone[i]?.tags.duplicate_of;
      expect([a, b].filter(Boolean)).toHaveLength(1);
      if (a) expect(a).toBe(viaHelicone[i]?.id);
      if (b) expect(b).toBe(viaLitellm[i]?.id);
    });
    expect((await crossPathSummary(ctx)).calls).toBe(ids.length);
  });
});
