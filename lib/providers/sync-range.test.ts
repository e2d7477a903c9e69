import { expect, it } from "vitest";
import { syncRange } from "./sync-range";

it("backfills 90 whole days on first connection, then re-reads from 3 days before where the last run reached", () => {
  const now = new Date("2026-04-30T12:34:56Z");
  expect(syncRange(now, null)).toEqual({
    from: new Date("2026-01-30T00:00:00Z"),
    usageTo: new Date("2026-04-30T13:00:00Z"),
    costTo: new Date("2026-05-01T00:00:00Z"),
  });
  expect(syncRange(now, new Date("2026-04-30T11:00:00Z")).from).toEqual(new Date("2026-04-27T00:00:00Z"));
  // On the hour: the current hour's bucket is still included.
  expect(syncRange(new Date("2026-04-30T12:00:00Z"), null).usageTo).toEqual(new Date("2026-04-30T13:00:00Z"));
});
