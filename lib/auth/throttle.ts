import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInThrottle } from "@/db/schema";

/**
 * Brute-force protection for password sign-in. Failures are counted per account and per client address in a
 * 15-minute window; reaching the limit locks that key for 15 minutes. The account limit stops guessing one
 * password from many addresses; the address limit stops trying one password on many accounts.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountLimit: 5,
  ipLimit: 20,
} as const;

export function throttleKeys(email: string, ip: string | null | undefined): { key: string; limit: number }[] {
  const keys: { key: string; limit: number }[] = [{ key: `account:${email.toLowerCase()}`, limit: THROTTLE.accountLimit }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: THROTTLE.ipLimit });
  return keys;
}

/** The time until which sign-in is refused for any of the keys, or null. */
export async function lockedUntil(db: DbOrTx, keys: readonly string[], now = new Date()): Promise<Date | null> {
  const rows = await db
    .select({ lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(inArray(signInThrottle.key, [...keys]));
  const locks = rows.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
  return locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null;
}

/** Counts one failure for each key (atomically, so concurrent guesses all count) and locks keys at their limit. */
export async function recordSignInFailure(db: DbOrTx, keys: readonly { key: string; limit: number }[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const lockEnd = new Date(now.getTime() + THROTTLE.lockMs);
  for (const { key, limit } of keys) {
    const fresh = sql`${signInThrottle.windowStartedAt} < ${windowStart.toISOString()}::timestamptz`;
    const count = sql`case when ${fresh} then 1 else ${signInThrottle.failures} + 1 end`;
    await db
      .insert(signInThrottle)
      .values({ key, failures: 1, windowStartedAt: now, lockedUntil: limit <= 1 ? lockEnd : null })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: count,
          windowStartedAt: sql`case when ${fresh} then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStartedAt} end`,
          lockedUntil: sql`case when ${count} >= ${limit} then ${lockEnd.toISOString()}::timestamptz else ${signInThrottle.lockedUntil} end`,
        },
      });
  }
}

/** A successful sign-in clears the account's count (the address's count stays: it may be guessing other accounts). */
export async function clearAccountFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, `account:${email.toLowerCase()}`));
}
