import Big from "big.js";
import { parse } from "csv-parse/sync";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/auth/actor";
import { addMonths, monthOf, monthRange } from "@/lib/dates/months";
import { closeMonth } from "@/lib/export/close-month";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { ensureEventPartitions } from "@/lib/partitions/maintain";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { makeEvent } from "@/scripts/test/events";
import { signInOverHttp } from "@/scripts/test/session";
import { type Backend, callApi, MEMBER_PASSWORD, ROLE_EMAILS, startBackend, testBackends } from "./support/backends";

// BURNRATE_RETENTION_MONTHS=1 keeps this month and the last: the two months before (seeded while they were current,
// the older closed) expire, and the job runner drops their raw events when the server starts.
const CURRENT = monthOf(new Date());
const KEPT = addMonths(CURRENT, -1);
const CLOSED = addMonths(CURRENT, -2);
const OLDEST = addMonths(CURRENT, -3);
const EXPIRED = [OLDEST, CLOSED];
const range = (month: string) => `from=${monthRange(month).firstDay}&to=${monthRange(month).lastDay}`;
const SPEND_QUERIES = [
  ...EXPIRED.map(range),
  `from=${monthRange(OLDEST).firstDay}&to=${monthRange(CLOSED).lastDay}&interval=month&group_by=team`,
];
/** Midday of `month`'s `day`. */
const at = (month: string, day: number, hour = 12) =>
  new Date(`${month}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`);

for (const kind of testBackends()) {
  describe(`retention over HTTP [${kind}]`, () => {
    let b: Backend;
    let before: unknown[] = [];
    beforeAll(async () => {
      b = await startBackend(kind, { BURNRATE_RETENTION_MONTHS: "1" }, async (db) => {
        const ctx = systemContext(db);
        await ensureEventPartitions(db, at(OLDEST, 1)); // the two expired months get partitions of their own
        for (const [month, cost] of [
          [OLDEST, "1.5"],
          [CLOSED, "2.25"],
          [KEPT, "0.5"],
        ] as const) {
          const events = Array.from({ length: 10 }, (_, i) =>
            makeEvent({
              id: `${month}-${i}`,
              timestamp: at(month, 2 + i).toISOString(),
              team: i % 2 ? "a" : "b",
              session: `s-${month}`,
              cost_usd: cost,
            }),
          );
          expect(await ingestEvents(ctx, events, at(month, 28))).toMatchObject({ accepted: 10 });
        }
        await closeMonth(ctx, CLOSED, at(KEPT, 1, 8));
        before = await Promise.all(SPEND_QUERIES.map(async (q) => (await listSpend(ctx, parseSpendQuery(new URLSearchParams(q)))).totals));
      });
      // Retention ran once an id of an expired month is no longer a duplicate: ids go after the partitions.
      const deadline = Date.now() + 90_000;
      for (;;) {
        const probe = await callApi(b, "POST", "/api/v1/events", b.keys.ingest, {
          events: [makeEvent({ id: `${OLDEST}-0`, timestamp: at(CURRENT, 1, 0).toISOString(), cost_usd: "0" })],
        });
        if ((await probe.json()).accepted === 1) break;
        if (Date.now() > deadline) throw new Error(`retention did not run within 90 s:\n${b.server.logs()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    afterAll(async () => {
      await b?.close();
    });

    it("answers GET /api/v1/spend for the expired months with the totals they had before their raw rows went", async () => {
      expect(before).toHaveLength(SPEND_QUERIES.length);
      for (const [i, q] of SPEND_QUERIES.entries()) {
        const res = await callApi(b, "GET", `/api/v1/spend?${q}`, b.keys.read);
        expect(res.status).toBe(200);
        expect((await res.json()).totals, q).toEqual(before[i]);
      }
      expect((before[1] as { cost_usd: string }).cost_usd).toBe("22.5000000000");
    });

    it("the expired closed month's per-event export is 410 raw_events_removed; its daily file still adds up to the close", async () => {
      const gone = await callApi(b, "GET", `/api/v1/export?month=${CLOSED}&format=csv&granularity=event`, b.keys.export);
      expect(gone.status).toBe(410);
      const body = await gone.json();
      expect(body.error.code).toBe("raw_events_removed");
      expect(body.error.message).toMatch(/removed by retention .*granularity=day/);

      const daily = await callApi(b, "GET", `/api/v1/export?month=${CLOSED}&format=csv`, b.keys.export);
      expect(daily.status).toBe(200);
      const rows: Record<string, string>[] = parse(await daily.text(), { columns: true });
      expect(rows.reduce((n, r) => n + Number(r.requests), 0)).toBe(10);
      const cost = rows.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0));
      expect(cost.eq((before[1] as { cost_usd: string }).cost_usd)).toBe(true);
      // A kept month's per-event export is untouched.
      expect((await callApi(b, "GET", `/api/v1/export?month=${KEPT}&format=csv&granularity=event`, b.keys.export)).status).toBe(200);
    });

    it("rejects a late event of an expired month per event, as the ingest contract reports rejections", async () => {
      const res = await callApi(b, "POST", "/api/v1/events", b.keys.ingest, {
        events: [makeEvent({ id: "late-1", timestamp: at(CLOSED, 20).toISOString() })],
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ index: 0, id: "late-1" }] });
      expect(body.rejected[0].errors).toEqual([{ path: "timestamp", message: expect.stringMatching(/retention/) }]);
    });

    it("the Export screen and an expired session's page say the raw events are gone instead of breaking", async () => {
      const { cookie } = await signInOverHttp(b.server.url, ROLE_EMAILS.finance, MEMBER_PASSWORD);
      const screen = async (path: string) => {
        const res = await fetch(`${b.server.url}${path}`, { headers: { cookie } });
        expect(res.status, path).toBe(200);
        return (await res.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'");
      };
      const exportHtml = await screen(`/export?month=${CLOSED}`);
      expect(exportHtml).toMatch(/The raw events of .* are gone: retention keeps/);
      expect(exportHtml).toContain("The totals above are the ones frozen when the month was closed.");
      expect(exportHtml).toContain(`month=${CLOSED}&amp;format=csv&amp;granularity=day`);
      expect(exportHtml).not.toContain(`month=${CLOSED}&amp;format=csv&amp;granularity=event`);
      expect(exportHtml).toContain("not available: the month's raw events were removed by retention");
      const keptHtml = await screen(`/export?month=${KEPT}`);
      expect(keptHtml).not.toContain("are gone: retention keeps");
      expect(keptHtml).toContain(`month=${KEPT}&amp;format=csv&amp;granularity=event`);

      const session = await screen(`/sessions/s-${OLDEST}`);
      expect(session).toContain("This session's calls were removed by retention");
      expect(session).toContain("Totals per month");
      expect(session).toContain("$15.00");
      // A session nobody ever had is still a 404.
      expect((await fetch(`${b.server.url}/sessions/never-was`, { headers: { cookie } })).status).toBe(404);
    });

    it.runIf(kind === "postgres")("dropped the expired months' partitions and recorded each in the audit log", async () => {
      const sqlc = postgres(b.dbUrl as string, { max: 1 });
      try {
        const tables = (await sqlc<{ name: string }[]>`select tablename as name from pg_tables where tablename like 'events_%'`).map(
          (r) => r.name,
        );
        for (const m of EXPIRED) expect(tables).not.toContain(`events_${m.replace("-", "_")}`);
        expect(tables).toContain(`events_${KEPT.replace("-", "_")}`);
        const audit = await sqlc<{ target: string; rows: string }[]>`select target, details->>'rows' as rows from audit_log
          where action = 'events.month_dropped' order by target`;
        expect(audit).toEqual(EXPIRED.map((m) => ({ target: `${m}-01`, rows: "10" })));
      } finally {
        await sqlc.end();
      }
    });
  });
}
