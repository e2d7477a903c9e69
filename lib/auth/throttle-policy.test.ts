import { describe, expect, it } from "vitest";
import { backoff, type Count, retryAt, THROTTLE } from "./throttle-policy";

const T0 = new Date("2026-11-20T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const count = (failures: number, last = T0): Count => ({ failures, windowStartedAt: T0, lastFailureAt: last });

describe("sign-in throttling policy", () => {
  it("delays double after the free failures and stop growing at the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 99].map(backoff)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it("a pair waits only once it has used its free failures", () => {
    expect(retryAt({ pair: count(THROTTLE.freeFailures - 1) }, at(1))).toBeNull();
    expect(retryAt({ pair: count(THROTTLE.freeFailures) }, at(1))).toEqual(at(THROTTLE.baseDelayMs));
    expect(retryAt({ pair: count(THROTTLE.freeFailures) }, at(THROTTLE.baseDelayMs))).toBeNull();
  });

  it("no count at all (an address that has not failed) never waits, however hot the account or the instance", () => {
    const hot = { account: count(10_000), global: count(1_000_000) };
    expect(retryAt(hot, at(1))).toBeNull();
    expect(retryAt({ ...hot, pair: count(1) }, at(1))).toEqual(at(THROTTLE.baseDelayMs));
  });

  it("old windows and forgotten pairs stop counting", () => {
    expect(retryAt({ pair: count(50) }, at(THROTTLE.pairMemoryMs))).toBeNull();
    expect(retryAt({ pair: count(1), account: count(THROTTLE.accountAlert) }, at(THROTTLE.windowMs))).toBeNull();
    expect(retryAt({ address: count(THROTTLE.addressLimit) }, at(THROTTLE.windowMs))).toBeNull();
  });
});
