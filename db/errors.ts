import { sql } from "drizzle-orm";
import type { Db, Tx } from "./index";

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "53300", // too_many_connections
  "57014", // query_canceled (statement_timeout): the database is overloaded, try again
  "QUERY_TIMEOUT", // db/deadline.ts: no answer within BURNRATE_QUERY_TIMEOUT_SECONDS
]);

/** True when an error (or any error in its cause chain) means the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError from net.connect (IPv4 + IPv6)
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** SQLSTATEs worth one more try of the same transaction. */
export function isRetryableConflict(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "40P01" || code === "40001") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A statement that gave up waiting for a lock (`lock_timeout`, SQLSTATE 55P03), anywhere in the cause chain. */
export function isLockTimeout(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === "55P03") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** How long DDL and other maintenance wait for a lock before giving up until their next run. */
export const MAINTENANCE_LOCK_TIMEOUT = "2s";

/**
 * Runs `fn` in a transaction whose statements wait at most MAINTENANCE_LOCK_TIMEOUT for a lock; null when one was not
 * free in time (the caller tries again on its next run). Maintenance (partitions, retention, backfills) uses it so a
 * waiting lock never queues readers and writers behind it for long.
 */
export async function withLockTimeout<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T | null> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '${MAINTENANCE_LOCK_TIMEOUT}'`));
      return fn(tx);
    });
  } catch (e) {
    if (isLockTimeout(e)) return null;
    throw e;
  }
}

/** Runs `fn` (one transaction) again after a deadlock or serialization failure, up to `attempts` times, with jitter. */
export async function withConflictRetry<T>(fn: () => Promise<T>, { attempts = 4, baseDelayMs = 10 } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, baseDelayMs * attempt * Math.random()));
    }
  }
}
