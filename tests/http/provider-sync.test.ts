import Big from "big.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { expectedTotals, type FakeServer, generateDataset, startFakeAnthropic, startFakeOpenAi } from "@/scripts/test/fake-providers";
import { expectedToolTotals, generateToolDataset, startFakeCopilot, startFakeCursor } from "@/scripts/test/fake-tools";
import { type RunningServer, startServer } from "@/scripts/test/server";
import { type Backend, INIT_KEY, startBackend, testBackends } from "./support/backends";

const CRON_SECRET = "cron-secret-for-the-http-tests";
// April 2026 only; the backfill reaches back far enough to cover it from today.
const data = generateDataset({
  start: new Date("2026-04-01T00:00:00Z"),
  days: 30,
  models: ["gpt-4.1-mini-2025-04-14", "claude-haiku-4-5-20251001"],
  projects: ["proj_http", null],
  hours: [8, 16],
  emptyDays: [10],
});
const expected = expectedTotals(data);
// The coding tools in May 2026 (outside the April reconciliation below): 4 people on Claude Code, Cursor and Copilot.
const tools = generateToolDataset({ start: new Date("2026-05-01T00:00:00Z"), days: 5, people: 4 });
const toolTotals = expectedToolTotals(tools);
const backfillDays = String(Math.ceil((Date.now() - Date.parse("2026-04-01T00:00:00Z")) / 86_400_000) + 1);

for (const kind of testBackends()) {
  describe(`provider sync over HTTP [${kind}]`, () => {
    let b: Backend;
    let openai: FakeServer;
    let anthropic: FakeServer;
    let cursor: FakeServer;
    let copilot: FakeServer;
    /** Postgres: a second app instance on the same database. */
    let second: RunningServer | undefined;
    beforeAll(async () => {
      openai = await startFakeOpenAi(data, { key: "sk-admin-http" });
      anthropic = await startFakeAnthropic(data, { key: "sk-ant-admin-http", tools });
      cursor = await startFakeCursor(tools, { key: "key_cursor_http" });
      copilot = await startFakeCopilot(tools, { token: "ghp_http", org: "acme-http" });
      const env = {
        CRON_SECRET,
        OPENAI_ADMIN_KEY: "sk-admin-http",
        OPENAI_BASE_URL: `${openai.url}/v1`,
        ANTHROPIC_ADMIN_KEY: "sk-ant-admin-http",
        ANTHROPIC_BASE_URL: anthropic.url,
        CURSOR_ADMIN_KEY: "key_cursor_http",
        CURSOR_BASE_URL: cursor.url,
        GITHUB_COPILOT_TOKEN: "ghp_http",
        GITHUB_ORG: "acme-http",
        GITHUB_API_URL: copilot.url,
        BURNRATE_SYNC_BACKFILL_DAYS: backfillDays,
        // The cron endpoint is what this test drives; the schedule is covered by the job runner's own slot.
        BURNRATE_JOBS: "off",
      };
      b = await startBackend(kind, env);
      if (kind === "postgres" && b.dbUrl) second = await startServer({ DATABASE_URL: b.dbUrl, BURNRATE_INIT_API_KEY: INIT_KEY, ...env });
    });
    afterAll(async () => {
      await second?.stop();
      await b?.close();
      await openai?.close();
      await anthropic?.close();
      await cursor?.close();
      await copilot?.close();
    });
    const cron = (url: string, auth?: string) =>
      fetch(`${url}/api/v1/cron/sync`, { method: "POST", headers: auth ? { authorization: auth } : {} });

    it("POST /api/v1/cron/sync: 401 without or with a wrong secret; concurrent calls (two instances on Postgres) → one run", async () => {
      expect((await cron(b.server.url)).status).toBe(401);
      const wrong = await cron(b.server.url, `Bearer ${CRON_SECRET}x`);
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe("unauthorized");
      const [r1, r2] = await Promise.all([
        cron(b.server.url, `Bearer ${CRON_SECRET}`),
        cron((second ?? b.server).url, `Bearer ${CRON_SECRET}`),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([200, 409]);
      const summary = await (r1.status === 200 ? r1 : r2).json();
      expect(summary).toMatchObject({
        status: "ok",
        providers: [
          { provider: "openai", status: "ok" },
          { provider: "anthropic", status: "ok" },
          { provider: "claude-code", status: "ok" },
          { provider: "cursor", status: "ok", seats: { plan: "Cursor Teams", seats: 4 } },
          { provider: "copilot", status: "ok", seats: { plan: "GitHub Copilot Business", seats: 5 } },
        ],
      });
      // The coding tools' May (premium requests, before AI credits) landed as events by tool, to the cent.
      const spend = await fetch(`${b.server.url}/api/v1/spend?from=2026-05-01&to=2026-05-31&group_by=tool`, {
        headers: { authorization: `Bearer ${b.keys.read}` },
      });
      const byTool = Object.fromEntries(
        ((await spend.json()).rows as { tool: string; cost_usd: string; unused_plan_fee?: true }[])
          .filter((r) => !r.unused_plan_fee)
          .map((r) => [r.tool, new Big(r.cost_usd).toFixed()]),
      );
      expect(byTool).toEqual({
        "claude-code": new Big(toolTotals.claudeUsd).minus(toolTotals.claudeSubscriptionUsd).toFixed(),
        cursor: toolTotals.cursorOnDemandUsd,
        copilot: new Big(toolTotals.copilotBilledUsd).times(4).toFixed(),
      });
      expect(summary.rows).toBeGreaterThan(0);
      expect(summary.providers[0].from.slice(0, 10) <= "2026-04-01").toBe(true);
    });

    it("GET /api/v1/reconciliation: the bill to the cent against the events sent; re-syncing changes nothing", async () => {
      const sent = await fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${b.keys.ingest}`, "content-type": "application/json" },
        body: JSON.stringify({
          events: [makeEvent({ id: `rec-${kind}`, timestamp: "2026-04-02T08:30:00Z", model: "gpt-4.1-mini", cost_usd: "0.5" })],
        }),
      });
      expect(sent.status).toBe(200);
      const get = async () => {
        const res = await fetch(`${b.server.url}/api/v1/reconciliation?from=2026-04-01&to=2026-04-30`, {
          headers: { authorization: `Bearer ${b.keys.read}` },
        });
        expect(res.status).toBe(200);
        return res.json();
      };
      const rec = await get();
      const billed = new Big(expected.totalCost).times(2);
      expect(rec.totals).toEqual({
        reported_cost_usd: billed.toFixed(10),
        attributed_cost_usd: "0.5000000000",
        gap_usd: billed.minus("0.5").toFixed(10),
      });
      expect(
        rec.rows.find(
          (r: { date: string; provider: string; model: string | null }) =>
            r.date === "2026-04-02" && r.provider === "openai" && r.model === "gpt-4.1-mini-2025-04-14",
        ),
      ).toMatchObject({ attributed_cost_usd: "0.5000000000" });
      expect(
        (await fetch(`${b.server.url}/api/v1/reconciliation?from=2026-04-31`, { headers: { authorization: `Bearer ${b.keys.read}` } }))
          .status,
      ).toBe(400);

      const again = await cron(b.server.url, `Bearer ${CRON_SECRET}`);
      expect(again.status).toBe(200);
      expect(await get()).toEqual(rec);
    });
  });
}

// The schedule itself: two app instances with the job runner on, on one PostgreSQL, each offering the sync at start.
describe.skipIf(!testBackends().includes("postgres"))("scheduled provider sync with two app instances [postgres]", () => {
  it("runs once, not once per instance", async () => {
    const openai = await startFakeOpenAi(data, { key: "sk-admin-sched" });
    const anthropic = await startFakeAnthropic(data, { key: "sk-ant-admin-sched" });
    const db = await createPostgresDatabase();
    const env = {
      DATABASE_URL: db.url,
      OPENAI_ADMIN_KEY: "sk-admin-sched",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      ANTHROPIC_ADMIN_KEY: "sk-ant-admin-sched",
      ANTHROPIC_BASE_URL: anthropic.url,
      BURNRATE_SYNC_BACKFILL_DAYS: backfillDays,
      BURNRATE_SYNC_INTERVAL_MINUTES: "60",
    };
    const servers = await Promise.all([startServer(env), startServer(env)]);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const deadline = Date.now() + 60_000;
      let runs: { status: string; trigger: string }[] = [];
      while (Date.now() < deadline) {
        runs = await sql<{ status: string; trigger: string }[]>`select status, trigger from provider_sync_runs`;
        if (runs.some((r) => r.status === "ok")) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      // Give the other instance time to (wrongly) start a second run.
      await new Promise((r) => setTimeout(r, 3000));
      runs = await sql<{ status: string; trigger: string }[]>`select status, trigger from provider_sync_runs`;
      expect(runs).toEqual([{ status: "ok", trigger: "schedule" }]);
    } finally {
      await sql.end();
      for (const s of servers) await s.stop();
      await db.drop();
      await openai.close();
      await anthropic.close();
    }
  });
});

describe("POST /api/v1/cron/sync without CRON_SECRET", () => {
  it("is disabled: 503 whatever is sent", async () => {
    const server = await startServer({ BURNRATE_DATA_DIR: `/tmp/burnrate-cron-off-${process.pid}`, BURNRATE_JOBS: "off" });
    try {
      const res = await fetch(`${server.url}/api/v1/cron/sync`, { method: "POST", headers: { authorization: "Bearer anything-at-all" } });
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe("disabled");
    } finally {
      await server.stop();
    }
  });
});
