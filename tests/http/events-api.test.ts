import Big from "big.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { hasPostgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from "@/scripts/test/postgres-cluster";
import { freePort, type RunningServer, startServer } from "@/scripts/test/server";
import { type Backend, startBackend, testBackends } from "./support/backends";

const today = () => new Date().toISOString();

for (const kind of testBackends()) {
  describe(`POST /api/v1/events and GET /api/v1/spend over HTTP [${kind}]`, () => {
    let b: Backend;
    beforeAll(async () => {
      b = await startBackend(kind);
    });
    afterAll(async () => {
      await b?.close();
    });

    const post = (body: string | object, key: string | null = b.keys.ingest, headers: Record<string, string> = {}) =>
      fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const spend = (query: string, key = b.keys.read) =>
      fetch(`${b.server.url}/api/v1/spend?${query}`, { headers: { authorization: `Bearer ${key}` } });

    it("answers health without a key", async () => {
      const res = await fetch(`${b.server.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: "ok",
        database: "ok",
        jobs: expect.stringMatching(/^(ok|starting)$/),
        replica: "off",
      });
    });

    it("refuses a missing or unknown key with 401 and a key without the scope with 403", async () => {
      const missing = await post(makeEvent({ timestamp: today() }), null);
      expect(missing.status).toBe(401);
      expect((await missing.json()).error.code).toBe("unauthorized");
      const unknown = await post(makeEvent({ timestamp: today() }), "br_not_a_real_key");
      expect(unknown.status).toBe(401);
      const wrongScope = await post(makeEvent({ timestamp: today() }), b.keys.read);
      expect(wrongScope.status).toBe(403);
      expect(await wrongScope.json()).toMatchObject({ error: { code: "forbidden" } });
      const spendWithIngestKey = await spend("", b.keys.ingest);
      expect(spendWithIngestKey.status).toBe(403);
    });

    it("accepts a single event, then counts its repeat as a duplicate", async () => {
      const event = makeEvent({ id: `single-${kind}`, timestamp: today(), cost_usd: "0.25", team: `single-${kind}` });
      const first = await post(event);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      const again = await post({ events: [event] });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
      const res = await spend(`team=single-${kind}`);
      expect((await res.json()).totals).toMatchObject({ requests: 1, cost_usd: "0.2500000000" });
    });

    it("stores the valid part of a mixed batch with 200 and answers 400 when every event is rejected", async () => {
      const mixed = await post({ events: [makeEvent({ timestamp: today() }), makeEvent({ id: "bad-1", input_tokens: "12" })] });
      expect(mixed.status).toBe(200);
      const body = await mixed.json();
      expect(body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(body.rejected).toEqual([{ index: 1, id: "bad-1", errors: [{ path: "input_tokens", message: expect.any(String) }] }]);

      const allBad = await post({
        events: [makeEvent({ id: "bad-2", surface: "seat" }), makeEvent({ id: "bad-3", timestamp: "yesterday" })],
      });
      expect(allBad.status).toBe(400);
      const badBody = await allBad.json();
      expect(badBody).toMatchObject({ accepted: 0, duplicates: 0, error: { code: "validation_failed" } });
      expect(badBody.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1]);
    });

    it("answers an empty batch with 200", async () => {
      const res = await post({ events: [] });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
    });

    it.each([
      ["not JSON", "{nope"],
      ["a JSON array", "[]"],
      ["a JSON string", '"event"'],
      ["an envelope with a non-array", '{"events": {}}'],
    ])("answers %s with 400 invalid_json", async (_label, body) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.error.code).toBe("invalid_json");
      expect(typeof json.error.message).toBe("string");
    });

    it("refuses a body over 5 MiB with 413 and a batch over 1000 events with 413", async () => {
      const filler = "x".repeat(200);
      const events = Array.from({ length: 900 }, (_, i) =>
        makeEvent({ id: `big-${i}`, tags: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`k${k}`, filler])) }),
      );
      const big = JSON.stringify({ events });
      expect(Buffer.byteLength(big)).toBeGreaterThan(5 * 1024 * 1024);
      const res = await post(big);
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("payload_too_large");
      const tooMany = await post({ events: Array.from({ length: 1001 }, () => makeEvent({ timestamp: today() })) });
      expect(tooMany.status).toBe(413);
    });

    it("answers /api/v1/spend with the contract's shape and exact decimal strings", async () => {
      const team = `spend-${kind}`;
      const costs = ["0.1", "0.2", "0.0000000003"];
      await post({
        events: costs.map((c, i) => makeEvent({ id: `${team}-${i}`, timestamp: today(), cost_usd: c, team, model: i ? "gpt-4o" : "o3" })),
      });
      const res = await spend(`team=${team}&group_by=model`);
      expect(res.status).toBe(200);
      const body = await res.json();
      const month = today().slice(0, 8);
      expect(body).toMatchObject({ from: `${month}01`, to: today().slice(0, 10), currency: "USD" });
      expect(body.totals).toEqual({
        requests: 3,
        input_tokens: 3000,
        output_tokens: 600,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        cost_usd: costs.reduce((s, c) => s.plus(c), new Big(0)).toFixed(10),
        list_cost_usd: "0.3000000003",
        // No plan: effective cost is the metered cost.
        effective_cost_usd: "0.3000000003",
        plan_fees_usd: "0.0000000000",
      });
      expect(body.rows.map((r: { model: string; cost_usd: string }) => [r.model, r.cost_usd])).toEqual([
        ["gpt-4o", "0.2000000003"],
        ["o3", "0.1000000000"],
      ]);
    });

    it("answers a bad spend query with 400 invalid_query naming the parameter", async () => {
      const res = await spend("group_by=colour&from=2026-02-30&foo=1");
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_query");
      expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["foo", "from", "group_by"]);
    });
  });
}

describe.runIf(testBackends().includes("postgres"))("database outage over HTTP [postgres]", () => {
  let b: Backend;
  beforeAll(async () => {
    b = await startBackend("postgres");
  });
  afterAll(async () => {
    await b?.close();
  });

  it("answers 503 with Retry-After while the database is down, then recovers without a restart and loses nothing", async () => {
    const send = (ids: string[]) =>
      fetch(`${b.server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${b.keys.ingest}` },
        body: JSON.stringify({
          events: ids.map((id) => makeEvent({ id, timestamp: new Date().toISOString(), cost_usd: "1", team: "outage" })),
        }),
      });
    expect((await send(["before-1", "before-2"])).status).toBe(200);

    b.proxy!.cut();
    const during = await send(["during-1", "during-2", "during-3"]);
    expect(during.status).toBe(503);
    expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await during.json()).error.code).toBe("database_unavailable");
    const health = await fetch(`${b.server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: "unavailable" });
    const read = await fetch(`${b.server.url}/api/v1/spend?team=outage`, { headers: { authorization: `Bearer ${b.keys.read}` } });
    expect(read.status).toBe(503);

    b.proxy!.restore();
    // The client retries the batch that failed, as Retry-After tells it to.
    let retried: Response | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      retried = await send(["during-1", "during-2", "during-3"]);
      if (retried.status !== 503) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(retried?.status).toBe(200);
    expect(await retried?.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const totals = await fetch(`${b.server.url}/api/v1/spend?team=outage`, { headers: { authorization: `Bearer ${b.keys.read}` } });
    expect((await totals.json()).totals).toMatchObject({ requests: 5, cost_usd: "5.0000000000" });
  });
});

describe.runIf(hasPostgresBinaries())("PostgreSQL stopped and started again under the running server", () => {
  let pg: ThrowawayPostgres;
  let server: RunningServer;
  const key = "br_restart_test_key_0123456789";
  beforeAll(async () => {
    pg = startThrowawayPostgres({ port: await freePort() });
    // One pooled connection: every failed attempt during the outage lands on the connection the next request uses.
    server = await startServer({
      DATABASE_URL: pg.url,
      BURNRATE_INIT_API_KEY: key,
      BURNRATE_RETRY_AFTER_SECONDS: "3",
      BURNRATE_DB_POOL_MAX: "1",
    });
  });
  afterAll(async () => {
    await server?.stop();
    pg?.stop();
  });

  it("answers 503 with Retry-After while PostgreSQL is down and serves again once it is back, with nothing lost", async () => {
    const send = (id: string) =>
      fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(makeEvent({ id, timestamp: new Date().toISOString(), cost_usd: "2.5", team: "restart" })),
      });
    expect((await send("r-before")).status).toBe(200);

    pg.pause();
    const during = await send("r-during");
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("3");
    // Clients keep trying while it is down: every failed connection attempt used to lengthen the driver's backoff.
    for (let i = 0; i < 7; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

    pg.resume();
    // Back as soon as the database answers: health is 200 within 2 s of PostgreSQL accepting connections.
    const resumedAt = Date.now();
    let health = 503;
    while (health !== 200 && Date.now() - resumedAt < 2000) {
      health = (await fetch(`${server.url}/api/health`)).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health).toBe(200);
    // Connections killed by the shutdown are replaced on demand: the very next request succeeds.
    const retried = await send("r-during");
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const totals = await fetch(`${server.url}/api/v1/spend?team=restart`, { headers: { authorization: `Bearer ${key}` } });
    expect((await totals.json()).totals).toMatchObject({ requests: 2, cost_usd: "5.0000000000" });
  });
});
