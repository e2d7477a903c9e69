import { eq } from "drizzle-orm";
import { type ProviderName, type ProviderRunResult, providerSyncState } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { ProviderError } from "./fetch-report";
import { replaceCostDays, replaceUsageBuckets } from "./store-buckets";
import { syncRange } from "./sync-range";
import type { ProviderClient } from "./types";

/**
 * Syncs one provider: usage pages then cost pages over its range, each page stored as it arrives (so progress is
 * real and a failure keeps what was read), and the provider's cursor advanced only when both reports completed.
 */
export async function syncProvider(
  ctx: Ctx,
  client: ProviderClient,
  now: Date,
  report: (r: ProviderRunResult) => Promise<void>,
  backfillDays?: number,
): Promise<ProviderRunResult> {
  const range = syncRange(now, await readSyncedTo(ctx, client.provider), backfillDays);
  const result: ProviderRunResult = {
    provider: client.provider,
    from: range.from.toISOString(),
    to: range.usageTo.toISOString(),
    usageRows: 0,
    costRows: 0,
    pages: 0,
    progress: 0,
    status: "running",
  };
  const share = (reached: Date, to: Date) =>
    Math.max(0, Math.min(1, (reached.getTime() - range.from.getTime()) / (to.getTime() - range.from.getTime())));
  try {
    for await (const page of client.usagePages(range.from, range.usageTo)) {
      result.usageRows += await replaceUsageBuckets(ctx, client.provider, page);
      result.pages++;
      result.progress = share(page.reached, range.usageTo) * 0.5;
      await report(result);
    }
    for await (const page of client.costPages(range.from, range.costTo)) {
      result.costRows += await replaceCostDays(ctx, client.provider, page);
      result.pages++;
      result.progress = 0.5 + share(page.reached, range.costTo) * 0.5;
      await report(result);
    }
    await markSynced(ctx, client.provider, range.usageTo, now);
    result.status = "ok";
    result.progress = 1;
  } catch (err) {
    failRun(result, err);
  }
  return result;
}

/** Where a source's sync has reached (null: never synced). */
export async function readSyncedTo(ctx: Ctx, provider: ProviderName): Promise<Date | null> {
  const [state] = await ctx.db
    .select({ syncedTo: providerSyncState.syncedTo })
    .from(providerSyncState)
    .where(eq(providerSyncState.provider, provider));
  return state?.syncedTo ?? null;
}

/** Moves a source's cursor; `lastSuccessAt` when a run completed (a first row always takes one). */
export async function markSynced(ctx: Ctx, provider: ProviderName, syncedTo: Date, lastSuccessAt?: Date): Promise<void> {
  await ctx.db
    .insert(providerSyncState)
    .values({ provider, syncedTo, lastSuccessAt: lastSuccessAt ?? syncedTo })
    .onConflictDoUpdate({ target: providerSyncState.provider, set: lastSuccessAt ? { syncedTo, lastSuccessAt } : { syncedTo } });
}

/** A run's failure as its result says it: a provider's own message, else a generic one (and the stack in the log). */
export function failRun(result: ProviderRunResult, err: unknown): void {
  result.status = "failed";
  result.error = err instanceof ProviderError ? err.message : `Sync failed: ${err instanceof Error ? err.message : String(err)}`;
  if (!(err instanceof ProviderError)) console.error(`[burnrate] ${result.provider} sync failed`, err);
}
