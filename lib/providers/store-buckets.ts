import Big from "big.js";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type ProviderName, providerCosts, providerUsage } from "@/db/schema";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { utcToday } from "@/lib/dates/calendar";
import type { CostRow, Page, UsageRow } from "./types";

/** Rows per INSERT: one JSON parameter each (a statement's parameter count does not grow with the rows). */
const CHUNK = 10_000;

/**
 * Replaces every bucket a page covers, in one transaction: re-reading a range converges on what the provider says now
 * (late revisions and vanished groups included), and re-reading it twice changes nothing. Rows that collapse onto one
 * key (a null dimension stored as '') are summed first.
 */
export async function replaceUsageBuckets(ctx: Ctx, provider: ProviderName, page: Page<UsageRow>): Promise<number> {
  const merged = new Map<string, UsageRow>();
  for (const r of page.rows) {
    const key = `${r.bucketStart.getTime()}\u0000${r.model}\u0000${r.project}\u0000${r.apiKey}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...r });
    else {
      prev.requests += r.requests;
      prev.inputTokens += r.inputTokens;
      prev.outputTokens += r.outputTokens;
      prev.cacheReadTokens += r.cacheReadTokens;
      prev.cacheWriteTokens += r.cacheWriteTokens;
    }
  }
  const rows = [...merged.values()].map((r) => ({ provider, ...r }));
  await withTransaction(ctx, async (ctx) => {
    if (page.bucketStarts.length > 0) {
      await ctx.db
        .delete(providerUsage)
        .where(and(eq(providerUsage.provider, provider), inArray(providerUsage.bucketStart, page.bucketStarts)));
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      const json = JSON.stringify(
        rows
          .slice(i, i + CHUNK)
          .map((r) => [
            r.provider,
            r.bucketStart.toISOString(),
            r.model,
            r.project,
            r.apiKey,
            r.requests,
            r.inputTokens,
            r.outputTokens,
            r.cacheReadTokens,
            r.cacheWriteTokens,
          ]),
      );
      await ctx.db.execute(sql`insert into provider_usage (provider, bucket_start, model, project, api_key, requests, input_tokens,
          output_tokens, cache_read_tokens, cache_write_tokens)
        select r->>0, (r->>1)::timestamptz, r->>2, r->>3, r->>4, (r->>5)::bigint, (r->>6)::bigint, (r->>7)::bigint,
          (r->>8)::bigint, (r->>9)::bigint
        from jsonb_array_elements(${json}::jsonb) as r`);
    }
  });
  return rows.length;
}

export async function replaceCostDays(ctx: Ctx, provider: ProviderName, page: Page<CostRow>): Promise<number> {
  const merged = new Map<string, CostRow>();
  for (const r of page.rows) {
    const key = `${r.day}\u0000${r.lineItem}\u0000${r.project}\u0000${r.apiKey}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...r });
    else prev.costUsd = new Big(prev.costUsd).plus(r.costUsd).toFixed();
  }
  const rows = [...merged.values()].map((r) => ({ provider, ...r }));
  const days = [...new Set(page.bucketStarts.map((d) => utcToday(d)))];
  await withTransaction(ctx, async (ctx) => {
    if (days.length > 0)
      await ctx.db.delete(providerCosts).where(and(eq(providerCosts.provider, provider), inArray(providerCosts.day, days)));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const json = JSON.stringify(
        rows.slice(i, i + CHUNK).map((r) => [r.provider, r.day, r.lineItem, r.project, r.apiKey, r.model, r.costUsd]),
      );
      await ctx.db.execute(sql`insert into provider_costs (provider, day, line_item, project, api_key, model, cost_usd)
        select r->>0, (r->>1)::date, r->>2, r->>3, r->>4, r->>5, (r->>6)::numeric
        from jsonb_array_elements(${json}::jsonb) as r`);
    }
  });
  return rows.length;
}
