/**
 * Sign-in throttling policy (pure). Failures count per (account, address) pair with growing delays, so
 * hammering an account from one place slows only that place: the owner at an address that has not failed
 * is never refused. An address trying many accounts, one account tried from many addresses, and many
 * failures across the instance (password spraying) tighten the rules for addresses that have failed.
 */
export const THROTTLE = {
  /** Failures per (account, address) before delays begin. */
  freeFailures: 5,
  /** The first delay; it doubles with each further failure, up to `maxDelayMs`. */
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  /** A pair's count is forgotten a day after its latest failure (or at once after a success from it). */
  pairMemoryMs: 24 * 3600_000,
  /** The window of the address, account and global counts. */
  windowMs: 15 * 60_000,
  /** Failures from one address (any accounts) in a window before that address must wait. */
  addressLimit: 50,
  /** Failures on one account (from anywhere) in a window that put it under attack: one free failure per pair. */
  accountAlert: 20,
  /** Failures across the instance in a window that mean spraying: one free failure per pair and per address. */
  globalAlert: 200,
} as const;

export interface Count {
  failures: number;
  windowStartedAt: Date;
  lastFailureAt: Date;
}

export interface Counts {
  pair?: Count;
  address?: Count;
  account?: Count;
  global?: Count;
}

export function backoff(overLimit: number): number {
  return Math.min(THROTTLE.baseDelayMs * 2 ** Math.min(Math.max(overLimit, 0), 30), THROTTLE.maxDelayMs);
}

function current(c: Count | undefined, now: Date, kind: "pair" | "window"): number {
  if (!c) return 0;
  const alive =
    kind === "pair"
      ? now.getTime() - c.lastFailureAt.getTime() < THROTTLE.pairMemoryMs
      : now.getTime() - c.windowStartedAt.getTime() < THROTTLE.windowMs;
  return alive ? c.failures : 0;
}

/** When this (account, address) may try again, or null when it may try now. */
export function retryAt(counts: Counts, now: Date): Date | null {
  const spraying = current(counts.global, now, "window") >= THROTTLE.globalAlert;
  const targeted = current(counts.account, now, "window") >= THROTTLE.accountAlert;
  const waits: number[] = [];
  const pair = current(counts.pair, now, "pair");
  const pairFree = spraying || targeted ? 1 : THROTTLE.freeFailures;
  if (counts.pair && pair >= pairFree) waits.push(counts.pair.lastFailureAt.getTime() + backoff(pair - pairFree));
  const address = current(counts.address, now, "window");
  const addressLimit = spraying ? 1 : THROTTLE.addressLimit;
  if (counts.address && address >= addressLimit) waits.push(counts.address.lastFailureAt.getTime() + backoff(address - addressLimit));
  const until = Math.max(0, ...waits);
  return until > now.getTime() ? new Date(until) : null;
}
