import { expect, it } from "vitest";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { weekRange } from "@/lib/dates/weeks";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { getCacheEconomics, getRightSizing } from "./economics";

const NOW = new Date("2026-11-22T12:00:00Z");
const WEEK = weekRange("2026-W44");
const at = (i: number) => new Date(Date.parse("2026-10-27T10:00:00Z") + i * 60_000).toISOString();

describeEachDatabase("cache and model economics", (t) => {
  it("cache savings and unread cache writes, against hand-computed prices", async () => {
    const events = [
      // gpt-4.1: input $2/M, cached input $0.50/M. 10 calls reading 80k of 100k input from cache.
      ...Array.from({ length: 10 }, (_, i) =>
        makeEvent({
          id: `x${i}`,
          timestamp: at(i),
          model: "gpt-4.1",
          feature: "extract",
          input_tokens: 100_000,
          cache_read_tokens: 80_000,
          output_tokens: 1000,
          session: "x",
        }),
      ),
      // claude-sonnet-4-5: input $3/M, cache write $3.75/M, cache read $0.30/M.
      // Session w1 writes 40k to the cache and never reads it: the write premium is waste.
      makeEvent({
        id: "w1",
        timestamp: at(20),
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        feature: "chat",
        workflow: "support",
        input_tokens: 50_000,
        cache_write_tokens: 40_000,
        session: "w1",
      }),
      // Session w2 writes 40k and reads them back: no waste, and the read saved (3 − 0.30) × 40k.
      makeEvent({
        id: "w2a",
        timestamp: at(21),
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        feature: "chat",
        workflow: "support",
        input_tokens: 50_000,
        cache_write_tokens: 40_000,
        session: "w2",
      }),
      makeEvent({
        id: "w2b",
        timestamp: at(22),
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        feature: "chat",
        workflow: "support",
        input_tokens: 50_000,
        cache_read_tokens: 40_000,
        session: "w2",
      }),
      // No cache traffic: not listed.
      makeEvent({ id: "n1", timestamp: at(30), feature: "plain" }),
    ];
    expect((await ingestEvents(systemContext(t.handle.db), events, NOW)).accepted).toBe(14);
    await foldAggregates(t.handle.db);
    const rows = await getCacheEconomics(systemContext(t.handle.db), WEEK);
    expect(rows).toEqual([
      {
        feature: "extract",
        workflow: null,
        requests: 10,
        inputTokens: 1_000_000,
        cacheReadTokens: 800_000,
        hitRate: 0.8,
        savedUsd: "1.2000000000", // 800k × $1.50/M
        unreadWriteTokens: 0,
        wasteUsd: "0.0000000000",
        unpricedModels: [],
      },
      {
        feature: "chat",
        workflow: "support",
        requests: 3,
        inputTokens: 150_000,
        cacheReadTokens: 40_000,
        hitRate: 40_000 / 150_000,
        savedUsd: "0.1080000000", // 40k × $2.70/M
        unreadWriteTokens: 40_000,
        wasteUsd: "0.0300000000", // 40k × $0.75/M
        unpricedModels: [],
      },
    ]);
  });

  it("right-sizing: small outputs on a premium model, repriced on its cheaper sibling", async () => {
    const events = [
      // 100 classifications on gpt-4.1 (computed cost: 1000 × $2/M + 50 × $8/M = $0.0024 each).
      ...Array.from({ length: 100 }, (_, i) =>
        makeEvent({
          id: `c${i}`,
          timestamp: at(i),
          model: "gpt-4.1",
          feature: "classify",
          input_tokens: 1000,
          output_tokens: 50,
          cost_usd: undefined,
        }),
      ),
      // Long outputs on the same model: not a candidate.
      makeEvent({
        id: "l1",
        timestamp: at(200),
        model: "gpt-4.1",
        feature: "longform",
        input_tokens: 1000,
        output_tokens: 3000,
        cost_usd: undefined,
      }),
      // Already on the small model: no cheaper sibling.
      makeEvent({
        id: "m1",
        timestamp: at(201),
        model: "gpt-4.1-mini",
        feature: "tiny",
        input_tokens: 1000,
        output_tokens: 10,
        cost_usd: undefined,
      }),
    ];
    expect((await ingestEvents(systemContext(t.handle.db), events, NOW)).accepted).toBe(102);
    expect(await getRightSizing(systemContext(t.handle.db), WEEK)).toEqual([
      {
        feature: "classify",
        provider: "openai",
        model: "gpt-4.1",
        requests: 100,
        avgOutputTokens: 50,
        listCostUsd: "0.2400000000",
        alternative: "gpt-4.1-mini",
        // gpt-4.1-mini: 1000 × $0.40/M + 50 × $1.60/M = $0.00048 each.
        alternativeCostUsd: "0.0480000000",
        savingUsd: "0.1920000000",
      },
    ]);
  });
});
