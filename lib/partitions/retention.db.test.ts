import { sql } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";
import { queryRows } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { replaceToolDay } from "@/lib/coding-tools/store-day";
import type { ToolDay } from "@/lib/coding-tools/types";
import { closeMonth } from "@/lib/export/close-month";
import { getExportSummary } from "@/lib/export/queries";
import { exportMonth } from "@/lib/export/stream-export";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { repriceScope } from "@/lib/prices/reprice";
import { listReviewCandidates } from "@/lib/review/list-items";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { ensureEventPartitions } from "./maintain";
import { listEventPartitions } from "./partitions";
import { applyRetention } from "./retention";

// A tiny retention: this month and the one before it are kept. With NOW in December 2026 the period starts on
// 2026-11-01 (a Sunday: ISO week 2026-W44, 26 Oct – 1 Nov, straddles it); August to October expire.
vi.stubEnv("BURNRATE_RETENTION_MONTHS", "1");
const NOW = new Date("2026-12-06T12:00:00Z");
const KEEP_FROM = "2026-11-01";

/** The cursor day a tool sync reports for 15 October: two usage lines. */
const toolDay = (cost: string): ToolDay => ({
  day: "2026-10-15",
  usage: ["a", "b"].map((k) => ({
    key: k,
    timestamp: new Date("2026-10-15T10:00:00Z"),
    provider: "cursor",
    model: "claude-4-sonnet",
    surface: "api" as const,
    user: `${k}@acme.dev`,
    input_tokens: 100,
    output_tokens: 10,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cost_usd: cost,
    status: "ok" as const,
  })),
  activity: [],
  charges: [],
});

describeEachDatabase("retention", (t) => {
  const ctx = () => systemContext(t.handle.db);
  beforeEach(async () => {
    for (const p of await listEventPartitions(t.handle.db)) {
      if (p.month) await t.handle.db.execute(sql`drop table ${sql.identifier(p.name)}`);
    }
  });

  const spend = async (query: string) => {
    const r = await listSpend(ctx(), parseSpendQuery(new URLSearchParams(query), NOW));
    return { totals: r.totals, rows: r.rows };
  };
  const OLD_RANGES = [
    "from=2026-08-01&to=2026-08-31",
    "from=2026-09-01&to=2026-09-30",
    "from=2026-10-01&to=2026-10-31",
    "from=2026-08-01&to=2026-12-06&interval=month&group_by=team,model",
  ];
  const workload = () => queryRows(t.handle.db, sql`select day::text, requests::text, cost_usd::text from workload_daily order by 1, 2, 3`);

  /** Events of August (a stray: no partition) to December, each month ingested while it was the current one. */
  async function seed() {
    const at = (month: string, day: number, i: number, extra: Record<string, unknown> = {}) =>
      makeEvent({
        id: `${month}-${day}-${i}`,
        timestamp: `${month}-${String(day).padStart(2, "0")}T${String(9 + i).padStart(2, "0")}:00:00Z`,
        team: i % 2 ? "growth" : "platform",
        session: `s-${month}-${day}`,
        cost_usd: `${i + 1}.25`,
        ...extra,
      });
    await ensureEventPartitions(t.handle.db, new Date("2026-09-02T00:00:00Z")); // September to November
    const months: [string, number[], string][] = [
      ["2026-08", [3, 20], "2026-08-31T12:00:00Z"],
      ["2026-09", [1, 14, 30], "2026-09-30T23:00:00Z"],
      ["2026-10", [2, 27], "2026-10-31T23:00:00Z"],
      ["2026-11", [1, 16], "2026-11-30T23:00:00Z"],
      ["2026-12", [1, 5], NOW.toISOString()],
    ];
    for (const [month, days, now] of months) {
      const events = days.flatMap((d) => [0, 1, 2].map((i) => at(month, d, i, i === 2 ? { model: "gpt-4.1", cost_usd: "40" } : {})));
      expect(await ingestEvents(ctx(), events, new Date(now))).toMatchObject({ accepted: events.length, rejected: [] });
    }
    expect((await replaceToolDay(ctx(), "cursor", toolDay("0.75"), new Date("2026-10-31T23:00:00Z"))).events).toBe(2);
    await closeMonth(ctx(), "2026-10", new Date("2026-11-01T08:00:00Z"));
    // A late October event, after the close: in October's rollups, an adjustment of November's export.
    expect(
      await ingestEvents(ctx(), [at("2026-10", 30, 0, { id: "late-oct", cost_usd: "5" })], new Date("2026-11-02T00:00:00Z")),
    ).toMatchObject({ accepted: 1 });
    await ensureEventPartitions(t.handle.db, NOW, KEEP_FROM);
    await t.handle.db.execute(sql`insert into gateway_response_ids (response_id, source, event_id, seen_at) values
      ('resp-old', 'litellm', '2026-10-2-0', '2026-10-02T09:00:00Z'), ('resp-new', 'litellm', '2026-11-1-0', '2026-11-01T09:00:00Z')`);
    await foldAggregates(t.handle.db, { keepFrom: null });
  }

  it("drops the expired months' raw events while spend, review and Surfaces figures of those months stay the same", async () => {
    await seed();
    expect((await listEventPartitions(t.handle.db)).map((p) => p.name)).toEqual([
      "events_2026_09",
      "events_2026_10",
      "events_2026_11",
      "events_2026_12",
      "events_2027_01",
      "events_2027_02",
      "events_default",
    ]);
    const before = await Promise.all(OLD_RANGES.map(spend));
    expect(before[2]?.totals.requests).toBe(6 + 2 + 1);
    expect(before[2]?.totals.cost_usd).toBe("93.5000000000"); // 2 × (1.25 + 2.25 + 40) + 2 × 0.75 + 5
    const straddling = await listReviewCandidates(ctx(), "2026-W44");
    expect(straddling.map((c) => c.id)).toContain("2026-10-27-2");
    const workloadBefore = await workload();
    expect(workloadBefore.length).toBeGreaterThan(0);

    // Enough ids, expired and kept interleaved, that the walk over event_ids takes several statements.
    await t.handle.db.execute(sql`insert into event_ids (id, month)
      select 'bulk-' || g, (case when g % 2 = 0 then '2026-09-01' else '2026-11-01' end)::date from generate_series(1, 80000) g`);
    const result = await applyRetention(t.handle.db, NOW, 1);
    expect(result).toMatchObject({
      keepFrom: KEEP_FROM,
      busy: [],
      dropped: [
        { month: "2026-08-01", rows: 6 },
        { month: "2026-09-01", rows: 9 },
        { month: "2026-10-01", rows: 9 },
      ],
      ids: 24 + 40_000,
    });

    // The raw rows and their ids are gone; November's and December's are not.
    expect((await listEventPartitions(t.handle.db)).map((p) => p.name)).not.toContain("events_2026_10");
    expect((await listEventPartitions(t.handle.db)).map((p) => p.name)).not.toContain("events_2026_09");
    const [left] = await queryRows<{ old: number; kept: number }>(
      t.handle.db,
      sql`select count(*) filter (where "timestamp" < ${KEEP_FROM}::timestamptz)::int as old,
        count(*) filter (where "timestamp" >= ${KEEP_FROM}::timestamptz)::int as kept from events`,
    );
    expect(left).toEqual({ old: 0, kept: 12 });
    const ids = await queryRows<{ month: string; n: number }>(
      t.handle.db,
      sql`select month::text, count(*)::int as n from event_ids group by 1 order by 1`,
    );
    expect(ids).toEqual([
      { month: "2026-11-01", n: 6 + 40_000 },
      { month: "2026-12-01", n: 6 },
    ]);
    expect(await queryRows(t.handle.db, sql`select response_id from gateway_response_ids`)).toEqual([{ response_id: "resp-new" }]);
    const audit = await queryRows<{ target: string; rows: string; actor: string }>(
      t.handle.db,
      sql`select target, details->>'rows' as rows, actor_label as actor from audit_log where action = 'events.month_dropped' order by target`,
    );
    expect(audit.map((a) => [a.target, a.rows])).toEqual([
      ["2026-08-01", "6"],
      ["2026-09-01", "9"],
      ["2026-10-01", "9"],
    ]);

    // What was computed from them reads the same, also after marks on expired days and on the straddling week.
    await t.handle.db.execute(sql`insert into aggregate_marks (day) values ('2026-09-14'), ('2026-10-27'), ('2026-11-01')`);
    await foldAggregates(t.handle.db, { keepFrom: KEEP_FROM });
    expect(await Promise.all(OLD_RANGES.map(spend))).toEqual(before);
    expect(await listReviewCandidates(ctx(), "2026-W44")).toEqual(straddling);
    expect(await workload()).toEqual(workloadBefore);

    // A second run finds nothing left to drop.
    expect(await applyRetention(t.handle.db, NOW, 1)).toMatchObject({ dropped: [], busy: [], ids: 0 });
  });

  it("refuses late events and tool re-syncs of expired months, so their rollups are never counted twice", async () => {
    await seed();
    await applyRetention(t.handle.db, NOW, 1);
    const october = await spend("from=2026-10-01&to=2026-10-31");

    const r = await ingestEvents(
      ctx(),
      [makeEvent({ id: "late", timestamp: "2026-10-31T23:59:59Z" }), makeEvent({ id: "in", timestamp: "2026-11-01T00:00:00Z" })],
      NOW,
    );
    expect(r.accepted).toBe(1);
    expect(r.rejected).toEqual([
      {
        index: 0,
        id: "late",
        errors: [{ path: "timestamp", message: expect.stringMatching(/^must not be before 2026-11-01 \(UTC\): .*retention/) }],
      },
    ]);
    // The tool day was synced before, but its events are gone: a re-sync must not add it again.
    expect(await replaceToolDay(ctx(), "cursor", toolDay("0.75"), NOW)).toMatchObject({ events: 0, kept: true });
    expect(await spend("from=2026-10-01&to=2026-10-31")).toEqual(october);
  });

  it("repricing covers only the days whose raw events are kept", async () => {
    const computed = (id: string, ts: string) => makeEvent({ id, timestamp: ts, cost_usd: undefined, model: "gpt-4.1-mini" });
    await ingestEvents(ctx(), [computed("c-oct", "2026-10-20T10:00:00Z")], new Date("2026-10-31T00:00:00Z"));
    await ingestEvents(ctx(), [computed("c-nov", "2026-11-20T10:00:00Z")], NOW);
    await ensureEventPartitions(t.handle.db, NOW, KEEP_FROM);
    await applyRetention(t.handle.db, NOW, 1);
    const scope = await repriceScope(ctx(), { provider: "openai" }, NOW);
    expect(scope).toMatchObject({ days: ["2026-11-20"], total: 1 });
  });

  it("keeps a closed expired month's frozen totals and daily files; its per-event export is gone", async () => {
    await seed();
    const frozen = (await getExportSummary(ctx(), "2026-10", NOW)).totals;
    await applyRetention(t.handle.db, NOW, 1);
    const summary = await getExportSummary(ctx(), "2026-10", NOW);
    expect(summary.totals).toEqual(frozen);
    expect(frozen.cost_usd).toBe("88.5000000000"); // the late event is not in the close
    // The daily files come from the rollups, which hold the late event too; the screen says so.
    expect(summary.rawRemoved).toEqual({ keepFrom: KEEP_FROM, dailyCostUsd: "93.5000000000" });
    expect(summary.lateAfterClose).toBeNull();
    await expect(exportMonth(ctx(), { month: "2026-10", format: "csv", granularity: "event" })).rejects.toMatchObject({
      code: "raw_events_removed",
      status: 410,
    });
    const day = await exportMonth(ctx(), { month: "2026-10", format: "csv", granularity: "day" });
    const lines = (await new Response(day.stream).text()).trim().split("\n").slice(1);
    const requests = lines.reduce((n, l) => n + Number(l.split(",").at(-7)), 0);
    expect(requests).toBe(9);
    expect((await getExportSummary(ctx(), "2026-11", NOW)).rawRemoved).toBeNull();
  });
});
