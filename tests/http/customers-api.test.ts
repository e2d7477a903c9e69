import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerQuotas, customers } from "@/db/schema";
import { makeEvent } from "@/scripts/test/events";
import { type RunningServer, startServer } from "@/scripts/test/server";
import { startWebhookReceiver, type WebhookReceiver } from "@/scripts/test/webhook-receiver";
import { type Backend, INIT_KEY, startBackend, testBackends } from "./support/backends";

const WEIRD_ID = "acme corp/ü%"; // spaces, a slash, non-ASCII and a percent sign survive the path
const FORMULA_ID = '=HYPERLINK("http://evil","x")';

for (const kind of testBackends()) {
  describe(`customers over HTTP [${kind}]`, () => {
    let b: Backend;
    let second: RunningServer | undefined;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      const env = { BURNRATE_EVAL_INTERVAL_SECONDS: "1", BURNRATE_ALERT_RETRY_BASE_SECONDS: "1", ALERT_WEBHOOK_URL: receiver.url };
      b = await startBackend(kind, env, async (db) => {
        const rows = await db
          .insert(customers)
          .values([
            { externalId: "acme", name: "Acme", tier: "paid", monthlyRevenueUsd: "99" },
            { externalId: WEIRD_ID, name: "Weird", tier: "trial", monthlyRevenueUsd: "0" },
            { externalId: "ourco", name: "Ourselves", tier: "internal", monthlyRevenueUsd: "0" },
            { externalId: "live", name: "Live Ltd", tier: "paid", monthlyRevenueUsd: "10" },
          ])
          .returning({ id: customers.id, externalId: customers.externalId });
        const id = (x: string) => rows.find((r) => r.externalId === x)?.id as string;
        await db.insert(customerQuotas).values([
          { customerId: id("acme"), metric: "requests", feature: "", limit: "4" },
          { customerId: id("acme"), metric: "cost_usd", feature: "chat", limit: "10" },
          { customerId: id("live"), metric: "cost_usd", feature: "", limit: "5" },
        ]);
      });
      if (kind === "postgres" && b.dbUrl) second = await startServer({ DATABASE_URL: b.dbUrl, BURNRATE_INIT_API_KEY: INIT_KEY, ...env });
      const events = [
        { customer: "acme", feature: "chat", cost_usd: "6", input_tokens: 100, output_tokens: 50 },
        { customer: "acme", feature: "search", cost_usd: "1.5", input_tokens: 10, output_tokens: 5 },
        { customer: "acme", feature: "chat", cost_usd: "2", billable: false, input_tokens: 1, output_tokens: 1 },
        { customer: "acme", feature: "chat", cost_usd: "100", environment: "staging" },
        { customer: WEIRD_ID, cost_usd: "0.25" },
        { customer: "ourco", cost_usd: "40" },
        { customer: FORMULA_ID, cost_usd: "1" },
      ].map((e, i) => makeEvent({ id: `cust-${kind}-${i}`, timestamp: "2026-05-12T09:00:00Z", ...e }));
      const res = await call("/api/v1/events", b.keys.ingest, { method: "POST", body: JSON.stringify({ events }) });
      expect(await res.json()).toMatchObject({ accepted: events.length });
    });
    afterAll(async () => {
      await second?.stop();
      await b?.close();
      await receiver?.close();
    });

    const call = (path: string, key: string | null, init: RequestInit = {}) =>
      fetch(`${b.server.url}${path}`, {
        ...init,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json", ...init.headers },
      });

    it("GET /api/v1/customers/{customer}/usage answers exactly DESIGN §3.9's shape: production usage, billable apart, quotas", async () => {
      const res = await call("/api/v1/customers/acme/usage?month=2026-05", b.keys.read);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        customer: "acme",
        month: "2026-05",
        requests: 3,
        input_tokens: 111,
        output_tokens: 56,
        cost_usd: "9.5000000000",
        billable_cost_usd: "7.5000000000",
        quotas: [
          { metric: "cost_usd", feature: "chat", limit: "10.0000000000", used: "6.0000000000", percent: 60 },
          { metric: "requests", limit: "4", used: "2", percent: 50 },
        ],
      });
      const weird = await call(`/api/v1/customers/${encodeURIComponent(WEIRD_ID)}/usage?month=2026-05`, b.keys.read);
      expect(await weird.json()).toMatchObject({ customer: WEIRD_ID, requests: 1, billable_cost_usd: "0.2500000000", quotas: [] });
      const other = await call("/api/v1/customers/acme/usage?month=2026-04", b.keys.read);
      expect(await other.json()).toMatchObject({ month: "2026-04", requests: 0, cost_usd: "0.0000000000" });
    });

    it("usage: malformed month, unknown parameters, oversized ids and missing keys get the contract's errors", async () => {
      for (const q of ["month=2026-13", "month=May", "month=2026-05&team=x"]) {
        const res = await call(`/api/v1/customers/acme/usage?${q}`, b.keys.read);
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatchObject({
          code: "invalid_query",
          details: [expect.objectContaining({ path: expect.any(String) })],
        });
      }
      const long = await call(`/api/v1/customers/${"x".repeat(201)}/usage`, b.keys.read);
      expect(long.status).toBe(404);
      expect((await long.json()).error.code).toBe("not_found");
      expect((await call("/api/v1/customers/acme/usage", null)).status).toBe(401);
      expect((await call("/api/v1/customers/acme/usage", b.keys.ingest)).status).toBe(403);
    });

    it("GET /api/v1/customers/usage.csv: billable units and cost per customer, no staging or internal usage, formulas neutralised", async () => {
      const res = await call("/api/v1/customers/usage.csv?month=2026-05", b.keys.export);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="burnrate-customers-2026-05.csv"');
      const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.customer)).toEqual([`'${FORMULA_ID}`, "acme", WEIRD_ID, "live"]);
      expect(rows.find((r) => r.customer === "acme")).toEqual({
        month: "2026-05",
        customer: "acme",
        customer_name: "Acme",
        tier: "paid",
        billable_requests: "2",
        billable_input_tokens: "110",
        billable_output_tokens: "55",
        billable_tokens: "165",
        billable_cost_usd: "7.5000000000",
        non_billable_requests: "1",
        non_billable_cost_usd: "2.0000000000",
      });
      expect(rows.find((r) => r.customer === "live")?.billable_cost_usd).toBe("0.0000000000");
      expect((await call("/api/v1/customers/usage.csv?month=2026-05", b.keys.read)).status).toBe(403);
      expect((await call("/api/v1/customers/usage.csv?month=05-2026", b.keys.export)).status).toBe(400);
    });

    it(`quota alerts reach the webhook at 80 % and 100 %, each exactly once${kind === "postgres" ? ", with two instances evaluating" : ""}`, async () => {
      // This month (the evaluator's): $4 of a $5 quota is 80 %, then $1 more is 100 %.
      const now = Date.now() - 60_000;
      const send = async (id: string, cost: string) => {
        const e = makeEvent({ id: `${kind}-${id}`, timestamp: new Date(now).toISOString(), customer: "live", cost_usd: cost });
        expect(await (await call("/api/v1/events", b.keys.ingest, { method: "POST", body: JSON.stringify(e) })).json()).toMatchObject({
          accepted: 1,
        });
      };
      await send("q1", "4");
      await receiver.waitFor(1);
      await send("q2", "1");
      await receiver.waitFor(2);
      // A barrier: a third alert (acme's requests quota at 100 % this month) proves the evaluators ran again after the second.
      for (const i of [1, 2, 3, 4]) {
        const e = makeEvent({ id: `${kind}-acme-${i}`, timestamp: new Date(now).toISOString(), customer: "acme", cost_usd: "0.01" });
        await call("/api/v1/events", b.keys.ingest, { method: "POST", body: JSON.stringify(e) });
      }
      await receiver.waitFor(4);
      const live = receiver.posts.filter((p) => p.customer === "live");
      expect(live.map((p) => p.threshold)).toEqual([80, 100]);
      expect(live[1]).toMatchObject({ kind: "quota", metric: "cost_usd", used: "5.0000000000", limit: "5.0000000000", percent: 100 });
      expect(String(live[0]?.text)).toMatch(/^Live Ltd \(live\) reached 80 % of its dollar quota: \$4\.00 of \$5\.00/);
      // Both of acme's may fire in one run and be delivered by either instance, in either order.
      expect(
        receiver.posts
          .filter((p) => p.customer === "acme")
          .map((p) => Number(p.threshold))
          .sort((x, y) => x - y),
      ).toEqual([80, 100]);
      expect(receiver.posts).toHaveLength(4);
      const alerts = await (await call("/api/v1/alerts?since=2026-01-01T00:00:00Z", b.keys.read)).json();
      expect(alerts.alerts.filter((a: { kind: string }) => a.kind === "quota")).toHaveLength(4);
      if (second) expect(second.logs()).toContain("jobs started");
    });
  });
}
