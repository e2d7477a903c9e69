import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { MIGRATIONS_FOLDER, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { ROLLUPS, type Rollup, rollupDimsSql } from "@/lib/dimensions/rollups";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { aggregatesAgainstEvents } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { queueBackfill, runBackfills } from "./backfill";

const NOW = new Date("2026-11-30T12:00:00Z");
const WIDE = ROLLUPS.find((r) => r.name === "wide") as Rollup;
const REPO_TOOL = ROLLUPS.find((r) => r.name === "repo_tool") as Rollup;

/** Events over ten November days, spread over a few teams, users, repos and tools. */
function events(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      id: `${prefix}-${i}`,
      timestamp: `2026-11-${String(10 + (i % 10)).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}:00:00Z`,
      team: ["platform", "growth", "data"][i % 3],
      user: `u${i % 5}`,
      repo: i % 2 ? "acme/api" : "acme/web",
      tool: ["Read", "Edit"][i % 2],
      cost_usd: `0.${String(1000 + i)}`,
    }),
  );
}

describeEachDatabase("aggregate backfills", (t) => {
  const ingest = (batch: Record<string, unknown>[]) => ingestEvents(systemContext(t.handle.db), batch, NOW);
  const expectRollupsExact = async () => {
    for (const check of await aggregatesAgainstEvents(t.handle.db)) expect(check.stored, check.table).toEqual(check.expected);
  };
  /** Groups of a rollup held by more than one row: a key that does not match its dimensions split them. */
  const splitGroups = async (r: Rollup) =>
    (
      await queryRows<{ n: number }>(
        t.handle.db,
        sql.raw(`select count(*)::int as n from (select day, ${rollupDimsSql(r)} from ${r.table}
          group by day, ${rollupDimsSql(r)} having count(*) > 1) g`),
      )
    )[0]?.n;

  it("rekeys a rollup day by day, merging the rows ingest wrote under the new key meanwhile", async () => {
    await ingest(events("a", 200));
    // The keys as an older schema computed them (before a dimension joined the rollup): all stale.
    await t.handle.db.execute(sql.raw(`update ${WIDE.table} set dims_key = md5('old' || dims_key)`));
    expect(await queueBackfill(t.handle.db, "rekey:wide")).toBe(10);
    // Ingest goes on before the backfill: new rows under the new keys, beside the stale ones of the same groups.
    await ingest(events("b", 200));
    expect(await splitGroups(WIDE)).toBeGreaterThan(0);

    expect(await runBackfills(t.handle.db, { maxDays: 3 })).toEqual({ done: 3, left: 7 });
    expect(await runBackfills(t.handle.db)).toEqual({ done: 7, left: 0 });
    expect(await splitGroups(WIDE)).toBe(0);
    await expectRollupsExact();
    // The days are marked for the fold (the monthly rollup is summed from the daily rows).
    const [marks] = await queryRows<{ n: number }>(t.handle.db, sql`select count(distinct day)::int as n from aggregate_marks`);
    expect(marks?.n).toBe(10);
  });

  it("rebuilds a new rollup from the events, one day at a time, while ingest keeps adding to it", async () => {
    await ingest(events("a", 300));
    // A rollup added by a migration starts empty: the days it should hold are queued.
    await t.handle.db.execute(sql.raw(`truncate ${REPO_TOOL.table}`));
    expect(await queueBackfill(t.handle.db, "rebuild:repo_tool")).toBe(10);
    // One day done, then more events for every day (the rollup's upserts add to built and unbuilt days alike).
    expect(await runBackfills(t.handle.db, { maxDays: 1 })).toEqual({ done: 1, left: 9 });
    const [ran] = await Promise.all([runBackfills(t.handle.db), ingest(events("b", 300))]);
    expect(ran.left).toBe(0);
    await expectRollupsExact();
    expect(await splitGroups(REPO_TOOL)).toBe(0);
  });

  it("leaves a rebuild of a day before the retention period undone: its events are gone", async () => {
    await ingest(events("a", 100));
    await t.handle.db.execute(sql.raw(`truncate ${REPO_TOOL.table}`));
    await queueBackfill(t.handle.db, "rebuild:repo_tool");
    expect(await runBackfills(t.handle.db, { keepFrom: "2026-11-15" })).toEqual({ done: 10, left: 0 });
    const days = await queryRows<{ day: string }>(
      t.handle.db,
      sql.raw(`select distinct day::text as day from ${REPO_TOOL.table} order by 1`),
    );
    expect(days.map((d) => d.day)).toEqual(["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"]);
  });
});

it("no migration after 0025 reads events: aggregates added later are queued here, not computed in a migration", () => {
  const later = readdirSync(MIGRATIONS_FOLDER).filter((f) => /^\d{4}_.*\.sql$/.test(f) && f >= "0026");
  for (const file of later) {
    const text = readFileSync(path.join(MIGRATIONS_FOLDER, file), "utf8").replace(/--.*$/gm, "");
    expect(text, file).not.toMatch(/\b(from|join|update|lock\s+table)\s+"?events"?\b/i);
  }
  // The check can fail: it finds the one statement 0004 ran over every event.
  const old = readFileSync(path.join(MIGRATIONS_FOLDER, "0004_rollups_session_monthly.sql"), "utf8");
  expect(old).toMatch(/\b(from|join|update|lock\s+table)\s+"?events"?\b/i);
});
