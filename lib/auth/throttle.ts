import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { signInThrottle } from "@/db/schema";
import type { AnonymousCtx } from "./actor";
import { bumpCounter } from "./throttle-counter";
import { type Count, type Counts, retryAt, THROTTLE } from "./throttle-policy";

export { THROTTLE } from "./throttle-policy";

export interface ThrottleKeys {
  pair: string;
  address: string | null;
  account: string;
  global: string;
}

export function throttleKeys(email: string, ip: string | null | undefined): ThrottleKeys {
  const account = email.trim().toLowerCase();
  return {
    pair: `pair:${account}|${ip ?? "-"}`,
    address: ip ? `ip:${ip}` : null,
    account: `account:${account}`,
    global: "global",
  };
}

async function readCounts(db: DbOrTx, keys: ThrottleKeys): Promise<Counts> {
  const wanted = [keys.pair, keys.address, keys.account, keys.global].filter((k): k is string => k !== null);
  const rows = await db
    .select({
      key: signInThrottle.key,
      failures: signInThrottle.failures,
      windowStartedAt: signInThrottle.windowStartedAt,
      lastFailureAt: signInThrottle.lastFailureAt,
    })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, wanted));
  const of = (k: string | null): Count | undefined => rows.find((r) => r.key === k);
  return { pair: of(keys.pair), address: of(keys.address), account: of(keys.account), global: of(keys.global) };
}

/**
 * Before checking a password: refuses when this (account, address) must wait, else counts the attempt against
 * the pair up front, with a compare-and-set so concurrent guesses are serialised (100 parallel guesses get the
 * same free attempts as 100 sequential ones). A success then clears the pair (`clearPair`).
 */
export async function beginAttempt(ctx: AnonymousCtx, keys: ThrottleKeys, now = new Date()): Promise<{ retryAt: Date | null }> {
  for (let tries = 0; tries < 8; tries++) {
    const counts = await readCounts(ctx.db, keys);
    const until = retryAt(counts, now);
    if (until) return { retryAt: until };
    const prev = counts.pair;
    if (!prev) {
      const inserted = await ctx.db
        .insert(signInThrottle)
        .values({ key: keys.pair, failures: 1, windowStartedAt: now, lastFailureAt: now })
        .onConflictDoNothing()
        .returning({ key: signInThrottle.key });
      if (inserted.length) return { retryAt: null };
      continue;
    }
    const forgotten = now.getTime() - prev.lastFailureAt.getTime() >= THROTTLE.pairMemoryMs;
    const updated = await ctx.db
      .update(signInThrottle)
      .set({
        failures: forgotten ? 1 : prev.failures + 1,
        windowStartedAt: forgotten ? now : prev.windowStartedAt,
        lastFailureAt: sql`greatest(${signInThrottle.lastFailureAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(
        and(
          eq(signInThrottle.key, keys.pair),
          eq(signInThrottle.failures, prev.failures),
          eq(signInThrottle.lastFailureAt, prev.lastFailureAt),
        ),
      )
      .returning({ key: signInThrottle.key });
    if (updated.length) return { retryAt: null };
  }
  // Heavy contention on one pair is itself a sign of guessing: make it wait one step.
  return { retryAt: new Date(now.getTime() + THROTTLE.baseDelayMs) };
}

/** After a wrong password (the pair was counted by `beginAttempt`): the address, account and global counts. */
export async function recordSignInFailure(ctx: AnonymousCtx, keys: ThrottleKeys, now = new Date()): Promise<void> {
  for (const key of [keys.address, keys.account, keys.global]) if (key) await bumpCounter(ctx, key, now, THROTTLE.windowMs);
  await ctx.db.delete(signInThrottle).where(lt(signInThrottle.lastFailureAt, new Date(now.getTime() - THROTTLE.pairMemoryMs)));
}

/**
 * A success forgets this pair's failures only. The address keeps its count (it may be guessing other accounts)
 * and so does the account (a success here does not mean others stopped guessing it elsewhere).
 */
export async function clearPair(ctx: AnonymousCtx, keys: ThrottleKeys): Promise<void> {
  await ctx.db.delete(signInThrottle).where(eq(signInThrottle.key, keys.pair));
}
