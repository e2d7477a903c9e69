import "server-only";
import { sql } from "drizzle-orm";
import { signInThrottle } from "@/db/schema";
import type { AnonymousCtx } from "./actor";

/**
 * Adds one to a fixed-window counter (atomically, so concurrent callers all count) and returns the new count;
 * a window older than `windowMs` starts over at 1.
 */
export async function bumpCounter(ctx: AnonymousCtx, key: string, now: Date, windowMs: number): Promise<number> {
  const stale = sql`${signInThrottle.windowStartedAt} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const [row] = await ctx.db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${stale} then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStartedAt} end`,
        lastFailureAt: sql`greatest(${signInThrottle.lastFailureAt}, ${now.toISOString()}::timestamptz)`,
      },
    })
    .returning({ failures: signInThrottle.failures });
  return row?.failures ?? 1;
}
