import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "@/scripts/test/events";
import { type RunningServer, startServer } from "@/scripts/test/server";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { type Backend, INIT_KEY, startBackend, testBackends } from "./support/backends";

/**
 * Evaluate every second and retry a failed delivery after 1 s, so the scheduled path is exercised within a test; the
 * webhook receivers listen on 127.0.0.1, allow-listed as an internal relay would be (tests/http/outbound-guard.test.ts).
 */
const FAST = { BURNRATE_EVAL_INTERVAL_SECONDS: "1", BURNRATE_ALERT_RETRY_BASE_SECONDS: "1", BURNRATE_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" };

for (const kind of testBackends()) {
  describe(`budgets and alerts over HTTP [${kind}]`, () => {
    let b: Backend;
    /** Postgres: a second app instance on the same database, evaluating in parallel with the first. */
    let second: RunningServer | undefined;
    const receivers: WebhookReceiver[] = [];
    beforeAll(async () => {
      b = await startBackend(kind, FAST);
      if (kind === "postgres" && b.dbUrl) second = await startServer({ DATABASE_URL: b.dbUrl, BURNRATE_INIT_API_KEY: INIT_KEY, ...FAST });
    });
    afterAll(async () => {
      await second?.stop();
      await b?.close();
      for (const r of receivers) await r.close();
    });

    const call = (method: string, path: string, key: string | null, body?: unknown) =>
      fetch(`${b.server.url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
    let n = 0;
    const spend = async (cost: string, fields: Record<string, unknown>) => {
      const res = await call("POST", "/api/v1/events", b.keys.ingest, {
        events: [
          makeEvent({ id: `http-${kind}-${n++}`, timestamp: new Date(Date.now() - 60_000).toISOString(), cost_usd: cost, ...fields }),
        ],
      });
      expect(await res.json()).toMatchObject({ accepted: 1 });
    };
    const alertsOf = async (budgetId: string) => {
      const res = await call("GET", "/api/v1/alerts?since=2026-01-01T00:00:00Z", b.keys.read);
      expect(res.status).toBe(200);
      return ((await res.json()).alerts as Record<string, unknown>[]).filter((a) => a.budget_id === budgetId);
    };

    it("POST, GET and DELETE /api/v1/budgets: the contract's shapes and status codes", async () => {
      const res = await call("POST", "/api/v1/budgets", b.keys.admin, {
        name: "Platform monthly",
        amount_usd: "500",
        period: "month",
        filters: { team: "http-contract" },
        webhook_url: "https://hooks.slack.com/services/T0/B0/secretsecret",
      });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toMatchObject({
        name: "Platform monthly",
        amount_usd: "500",
        period: "month",
        filters: { team: "http-contract" },
        thresholds: [50, 80, 100],
        measure: "cost",
        webhook_url: "https://hooks.slack.com/services/T0/B0/secretsecret",
        spent_usd: "0.0000000000",
        remaining_usd: "500.0000000000",
        percent: 0,
        projected_exceed_date: null,
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

      await spend("125.5", { team: "http-contract" });
      const list = await (await call("GET", "/api/v1/budgets", b.keys.read)).json();
      const listed = list.budgets.find((x: { id: string }) => x.id === created.id);
      expect(listed).toMatchObject({ spent_usd: "125.5000000000", remaining_usd: "374.5000000000", percent: 25.1 });
      expect(listed.webhook_url).toBe("https://hooks.slack.com/…cret"); // a read key never sees the secret URL
      expect(typeof listed.forecast_usd).toBe("string");

      // A budget in effective cost: the measure round-trips and its spent is the effective total (no plan here: = metered).
      const eff = await (
        await call("POST", "/api/v1/budgets", b.keys.admin, {
          name: "Platform effective",
          amount_usd: "500",
          period: "month",
          filters: { team: "http-contract" },
          measure: "effective",
        })
      ).json();
      expect(eff).toMatchObject({ measure: "effective", spent_usd: "125.5000000000" });
      const relisted = (await (await call("GET", "/api/v1/budgets", b.keys.read)).json()).budgets;
      expect(relisted.find((x: { id: string }) => x.id === eff.id)).toMatchObject({ measure: "effective" });
      expect((await call("DELETE", `/api/v1/budgets/${eff.id}`, b.keys.admin)).status).toBe(204);

      expect((await call("DELETE", `/api/v1/budgets/${created.id}`, b.keys.admin)).status).toBe(204);
      const gone = await call("DELETE", `/api/v1/budgets/${created.id}`, b.keys.admin);
      expect(gone.status).toBe(404);
      expect((await gone.json()).error.code).toBe("not_found");
      expect((await (await call("GET", "/api/v1/budgets", b.keys.read)).json()).budgets.map((x: { id: string }) => x.id)).not.toContain(
        created.id,
      );
    });

    it("errors: 400 with details per field, invalid JSON, 401 without a key, 403 without the admin scope", async () => {
      const bad = await call("POST", "/api/v1/budgets", b.keys.admin, {
        name: "",
        amount_usd: "ten",
        period: "year",
        filters: { colour: "red" },
        thresholds: [50, 0],
        webhook_url: "javascript:alert(1)",
        measure: "billed",
      });
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body.error.code).toBe("validation_failed");
      expect(typeof body.error.message).toBe("string");
      expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
        ["amount_usd", "filters.colour", "measure", "name", "period", "thresholds.1", "webhook_url"].sort(),
      );
      for (const d of body.error.details) expect(typeof d.message).toBe("string");

      const notJson = await call("POST", "/api/v1/budgets", b.keys.admin, "{nope");
      expect(notJson.status).toBe(400);
      expect((await notJson.json()).error.code).toBe("invalid_json");

      const noKey = await call("POST", "/api/v1/budgets", null, { name: "x", amount_usd: "1", period: "day" });
      expect(noKey.status).toBe(401);
      expect((await noKey.json()).error.code).toBe("unauthorized");
      const readKey = await call("POST", "/api/v1/budgets", b.keys.read, { name: "x", amount_usd: "1", period: "day" });
      expect(readKey.status).toBe(403);
      expect((await readKey.json()).error.code).toBe("forbidden");
      expect((await call("DELETE", "/api/v1/budgets/not-a-uuid", b.keys.admin)).status).toBe(404);

      const badSince = await call("GET", "/api/v1/alerts?since=yesterday", b.keys.read);
      expect(badSince.status).toBe(400);
      expect((await badSince.json()).error).toMatchObject({ code: "invalid_query", details: [{ path: "since" }] });
      const badCheck = await call("GET", "/api/v1/budgets/check?colour=red", b.keys.read);
      expect(badCheck.status).toBe(400);
      expect((await badCheck.json()).error.details).toEqual([{ path: "colour", message: "is not a known dimension" }]);
    });

    it("GET /api/v1/budgets/check: matching and non-matching filters; not allowed once a matching budget is at 100 %", async () => {
      const create = async (body: object) => (await (await call("POST", "/api/v1/budgets", b.keys.admin, body)).json()).id as string;
      const team = await create({ name: "check team", amount_usd: "10", period: "month", filters: { team: "http-check" } });
      const agent = await create({
        name: "check agent",
        amount_usd: "3",
        period: "month",
        filters: { team: "http-check", agent: "fixer" },
      });
      const check = async (q: string) => {
        const res = await call("GET", `/api/v1/budgets/check?${q}`, b.keys.read);
        expect(res.status).toBe(200);
        const body = await res.json();
        const ours = body.budgets.filter((x: { id: string }) => x.id === team || x.id === agent);
        return { allowed: body.allowed as boolean, ours };
      };

      await spend("2.5", { team: "http-check", agent: "fixer" });
      expect(await check("team=http-check&agent=fixer")).toEqual({
        allowed: true,
        ours: [
          {
            id: team,
            name: "check team",
            period: "month",
            measure: "cost",
            amount_usd: "10",
            spent_usd: "2.5000000000",
            remaining_usd: "7.5000000000",
            percent: 25,
          },
          {
            id: agent,
            name: "check agent",
            period: "month",
            measure: "cost",
            amount_usd: "3",
            spent_usd: "2.5000000000",
            remaining_usd: "0.5000000000",
            percent: 83.33,
          },
        ],
      });
      await spend("0.5", { team: "http-check", agent: "fixer" });
      expect((await check("team=http-check&agent=fixer")).allowed).toBe(false);
      // Another agent of the same team: the agent's budget does not apply to it.
      const other = await check("team=http-check&agent=reviewer");
      expect(other.allowed).toBe(true);
      expect(other.ours.map((x: { id: string }) => x.id)).toEqual([team]);
      expect((await check("team=someone-else")).ours).toEqual([]);
    });

    it("a receiver that fails first gets the alert again after a backoff; the Alerts API shows it delivered", async () => {
      const receiver = await startWebhookReceiver({ failFirst: 1 });
      receivers.push(receiver);
      const res = await call("POST", "/api/v1/budgets", b.keys.admin, {
        name: "retry me",
        amount_usd: "10",
        period: "month",
        thresholds: [50],
        filters: { team: "http-retry" },
        webhook_url: receiver.url,
      });
      const { id } = await res.json();
      await spend("6", { team: "http-retry" });
      await receiver.waitFor(2);
      expect(receiver.statuses).toEqual([500, 200]);
      expect(receiver.posts[0]).toEqual(receiver.posts[1]);
      expect(receiver.posts[1]).toMatchObject({
        kind: "budget",
        budget: "retry me",
        budget_id: id,
        threshold: 50,
        percent: 60,
        spend: "6.0000000000",
        period: { kind: "month" },
      });
      expect(String(receiver.posts[1]?.text)).toMatch(/^Budget "retry me" reached 50 %: \$6\.00 of \$10\.00/);
      // "Open in Burnrate" (the text's link and the Slack button): the Spend explorer over the budget's filters and period.
      const link = new URL(String(receiver.posts[1]?.link));
      const period = receiver.posts[1]?.period as { start: string; end: string };
      expect(link.pathname).toBe("/spend");
      expect(Object.fromEntries(link.searchParams)).toEqual({
        from: period.start,
        to: period.end,
        team: "http-retry",
        group_by: "feature",
      });
      expect(receiver.posts[1]?.blocks).toMatchObject([{ type: "section" }, { type: "actions", elements: [{ url: link.href }] }]);
      await expect.poll(async () => (await alertsOf(id))[0]?.delivered, { timeout: 20_000 }).toBe(true);
      expect(await alertsOf(id)).toMatchObject([
        { kind: "budget", budget_id: id, threshold: 50, delivered: true, delivery: { attempts: 2 } },
      ]);
    });

    it(`a receiver recording every POST gets each threshold exactly once${kind === "postgres" ? ", with two instances evaluating" : ""}`, async () => {
      const receiver = await startWebhookReceiver();
      receivers.push(receiver);
      const thresholds = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
      const res = await call("POST", "/api/v1/budgets", b.keys.admin, {
        name: "record",
        amount_usd: "10",
        period: "month",
        thresholds,
        filters: { team: "http-record" },
        webhook_url: receiver.url,
      });
      const { id } = await res.json();
      for (const cost of ["2.5", "2.5", "2.5", "2.5"]) await spend(cost, { team: "http-record" });
      await receiver.waitFor(10);
      // A barrier: a second budget's alert arriving proves the evaluators ran again after the first ten were sent.
      const barrier = await call("POST", "/api/v1/budgets", b.keys.admin, {
        name: "barrier",
        amount_usd: "1",
        period: "month",
        thresholds: [100],
        filters: { team: "http-barrier" },
        webhook_url: receiver.url,
      });
      expect(barrier.status).toBe(201);
      await spend("1", { team: "http-barrier" });
      await receiver.waitFor(11);
      const ours = receiver.posts.filter((p) => p.budget_id === id);
      expect(ours.map((p) => p.threshold).sort((x, y) => Number(x) - Number(y))).toEqual(thresholds);
      expect(new Set(ours.map((p) => p.alert_id)).size).toBe(10);
      expect(receiver.posts).toHaveLength(11);
      expect((await alertsOf(id)).map((a) => a.threshold).sort((x, y) => Number(x) - Number(y))).toEqual(thresholds);
      if (second) {
        // Both instances are running the evaluator against this database.
        expect(second.logs()).toContain("jobs started");
        expect(b.server.logs()).toContain("jobs started");
      }
    });
  });
}
