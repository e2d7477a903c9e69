import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import {
  hasPostgresBinaries,
  startThrowawayPostgres,
  startThrowawayStandby,
  type ThrowawayPostgres,
  type ThrowawayStandby,
} from "@/scripts/test/postgres-cluster";
import { freePort, type RunningServer, startServer } from "@/scripts/test/server";
import { signInOverHttp } from "@/scripts/test/session";

const KEY = "br_replica_test_key_0123456789";
const ADMIN = { email: "admin@replica.burnrate", password: "a password for the replica test" };
const BANNER = "Dashboards read from a replica";

/** Polls until `ok` holds (short intervals, bounded), returning the last value. */
async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// PostgreSQL only: a real primary and a hot standby (pg_basebackup -R) started here, the server reading from the
// standby (DATABASE_READ_URL). Fallback: when the standby cannot be reached, reads go to the primary (never a 500).
describe.runIf(hasPostgresBinaries())("dashboards and read APIs on a streaming replica over HTTP [postgres]", () => {
  let primary: ThrowawayPostgres;
  let standby: ThrowawayStandby;
  let server: RunningServer;
  let cookie: string;

  beforeAll(async () => {
    primary = startThrowawayPostgres({ port: await freePort() });
    standby = startThrowawayStandby(primary, { port: await freePort() });
    server = await startServer({
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: standby.url,
      BURNRATE_INIT_API_KEY: KEY,
      BURNRATE_INIT_ADMIN_EMAIL: ADMIN.email,
      BURNRATE_INIT_ADMIN_PASSWORD: ADMIN.password,
      BURNRATE_REPLICA_MAX_LAG_SECONDS: "2",
      BURNRATE_RETRY_AFTER_SECONDS: "3",
      BURNRATE_JOBS: "off",
    });
    cookie = (await signInOverHttp(server.url, ADMIN.email, ADMIN.password)).cookie;
  });
  afterAll(async () => {
    await server?.stop();
    standby?.stop();
    primary?.stop();
  });

  const ingest = async (id: string) => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      body: JSON.stringify(makeEvent({ id, timestamp: new Date().toISOString(), cost_usd: "1.5", team: "replicated" })),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  /** What GET /api/v1/spend (a read API, so the replica) counts for the test's team. */
  const spendRequests = async () => {
    const res = await fetch(`${server.url}/api/v1/spend?team=replicated`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { totals: { requests: number } }).totals.requests;
  };
  const health = async () => (await fetch(`${server.url}/api/health`)).json();
  /**
   * A dashboard screen's text (React separates adjacent text with empty comments). It must answer 200 without a
   * server error: a screen with a skeleton has sent its 200 before its data, and streams an error as a digest.
   */
  const screen = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).not.toContain("data-dgst");
    return html;
  };

  it("reads what the standby has replayed; while its replay is paused, reads miss new events and screens say it lags", async () => {
    expect(await ingest("rep-1")).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    await eventually(spendRequests, (n) => n === 1, "the standby to replay rep-1");
    expect(await screen("/")).not.toContain(BANNER);
    expect(await health()).toMatchObject({ status: "ok", replica: "ok" });

    standby.pauseReplay();
    expect(await ingest("rep-2")).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    // Ingest reads its own writes on the primary: the same event again is a duplicate at once.
    expect(await ingest("rep-2")).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    // The banner appears once the last replayed commit is older than BURNRATE_REPLICA_MAX_LAG_SECONDS.
    const lagging = await eventually(
      () => screen("/spend"),
      (html) => html.includes(BANNER),
      "the lag banner",
    );
    expect(lagging).toMatch(/Dashboards read from a replica [\d.]+ s behind; the newest events may be missing\./);
    // Still paused: the read API answers from the replica, which has not applied rep-2.
    expect(await spendRequests()).toBe(1);

    standby.resumeReplay();
    await eventually(spendRequests, (n) => n === 2, "the standby to replay rep-2");
    await eventually(
      () => screen("/"),
      (html) => !html.includes(BANNER),
      "the banner to go",
    );
  });

  it("reads from the primary when the standby stops: the read API, downloads and screens answer 200, never 500", async () => {
    standby.pause(); // fast shutdown: the server's replica connections are terminated
    expect(await ingest("rep-3")).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    // Only the primary has rep-3.
    expect(await spendRequests()).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await spendRequests()).toBe(3);
      const overview = await screen("/");
      expect(overview).not.toContain(BANNER);
      expect(overview).toContain("$4.50"); // the month's spend: rep-1 to rep-3, only all on the primary
      expect(await screen("/spend?group_by=team")).toContain("replicated");
      const month = new Date().toISOString().slice(0, 7);
      const csv = await fetch(`${server.url}/api/v1/export?month=${month}&format=csv&granularity=event`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(csv.status).toBe(200);
      expect((await csv.text()).match(/rep-\d/g)?.sort()).toEqual(["rep-1", "rep-2", "rep-3"]);
    }
    // Health says the dashboards read from the primary (still 200: nothing is lost, they are only not offloaded).
    expect(await health()).toMatchObject({ status: "ok", database: "ok", replica: "fallen_back" });
  });
});
