import { asc, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { alerts, customers } from "@/db/schema";
import { runAlertEvaluation } from "@/lib/alerts/evaluate";
import { evaluateQuotas } from "@/lib/alerts/evaluate-quotas";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { getCustomerUsage } from "./get-usage";
import { importCustomers, previewCustomerImport } from "./import-customers";
import { addQuota, createCustomer, deleteQuota } from "./manage-customers";
import { listCustomers } from "./queries";
import { getCustomersReport } from "./report";
import { customerUsageCsv } from "./usage-csv";

const NOW = new Date("2026-05-20T12:00:00Z");
const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `00000000-0000-4000-8000-00000000000${role.length}`, email: `${role}@example.com`, name: null, role },
});

describeEachDatabase("customers", (t) => {
  const finance = () => as(t.handle.db, "finance");
  let n = 0;
  async function ingest(events: Record<string, unknown>[], now = NOW) {
    const r = await ingestEvents(
      systemContext(t.handle.db),
      events.map((e) => makeEvent({ id: `c${n++}`, timestamp: "2026-05-10T10:00:00Z", ...e })),
      now,
    );
    expect(r.accepted).toBe(events.length);
  }

  /** acme: $99 plan, $8 to serve; globex: $99 plan, $140 to serve; ourco: internal; noise in staging and without billable. */
  async function seed() {
    const acme = await createCustomer(finance(), { external_id: "acme", name: "Acme", tier: "paid", monthly_revenue_usd: "99" });
    await createCustomer(finance(), { external_id: "globex", name: "Globex", tier: "paid", monthly_revenue_usd: "99" });
    await createCustomer(finance(), { external_id: "ourco", name: "Our own team", tier: "internal", monthly_revenue_usd: "0" });
    await ingest([
      { customer: "acme", feature: "chat", cost_usd: "5", input_tokens: 1000, output_tokens: 500 },
      { customer: "acme", feature: "search", cost_usd: "2.0000000001", input_tokens: 300, output_tokens: 100 },
      { customer: "acme", feature: "chat", cost_usd: "0.9999999999", billable: false, input_tokens: 10, output_tokens: 10 },
      { customer: "acme", feature: "chat", cost_usd: "1000", environment: "staging" },
      { customer: "acme", feature: "chat", cost_usd: "1000", environment: "test", billable: false },
      { customer: "acme", feature: "chat", cost_usd: "777", timestamp: "2026-04-30T23:59:59Z" }, // April
      { customer: "globex", feature: "agent", cost_usd: "140" },
      { customer: "ourco", feature: "chat", cost_usd: "50" },
      { cost_usd: "30" }, // no customer
      { customer: "walk-in", cost_usd: "3", billable: false }, // not registered, not billable
    ]);
    return acme;
  }

  it("keeps non-billable, internal, test and staging usage out of billable totals; margins on constructed data", async () => {
    await seed();
    const report = await getCustomersReport(finance(), { month: "2026-05", includeAll: false });
    expect(report.rows.map((r) => [r.customer, r.attention])).toEqual([
      ["globex", "negative_margin"],
      ["walk-in", "negative_margin"],
      ["acme", null],
    ]);
    const acme = report.rows.find((r) => r.customer === "acme");
    expect(acme).toMatchObject({
      requests: 3,
      input_tokens: 1310,
      output_tokens: 610,
      cost_usd: "8.0000000000",
      billable_cost_usd: "7.0000000001",
      non_billable_cost_usd: "0.9999999999",
      revenue_usd: "99.0000000000",
      margin_usd: "91.0000000000",
      margin_percent: "91.9",
    });
    expect(acme?.features).toEqual([
      { feature: "chat", requests: 2, cost_usd: "5.9999999999", billable_cost_usd: "5.0000000000" },
      { feature: "search", requests: 1, cost_usd: "2.0000000001", billable_cost_usd: "2.0000000001" },
    ]);
    expect(report.rows.find((r) => r.customer === "globex")).toMatchObject({ margin_usd: "-41.0000000000", margin_percent: "-41.4" });
    expect(report.totals).toEqual({
      cost_usd: "151.0000000000",
      billable_cost_usd: "147.0000000001",
      non_billable_cost_usd: "3.9999999999",
      revenue_usd: "198.0000000000",
      margin_usd: "47.0000000000",
    });
    // staging 1000 + test 1000 + internal 50; the customer-less 30 is not per-customer usage at all
    expect(report.excluded).toEqual({ requests: 3, cost_usd: "2050.0000000000" });
    expect(report.trend.map((p) => [p.month, p.cost_usd])).toEqual([
      ["2025-12", "0.0000000000"],
      ["2026-01", "0.0000000000"],
      ["2026-02", "0.0000000000"],
      ["2026-03", "0.0000000000"],
      ["2026-04", "777.0000000000"],
      ["2026-05", "151.0000000000"],
    ]);

    // A member sees cost to serve and quotas, never revenue or margin (nor an order or badge that gives them away).
    const member = await getCustomersReport(as(t.handle.db, "member"), { month: "2026-05", includeAll: false });
    expect(member.showsRevenue).toBe(false);
    expect(member.rows.map((r) => [r.customer, r.attention])).toEqual([
      ["globex", null],
      ["acme", null],
      ["walk-in", null],
    ]);
    expect(JSON.stringify(member)).not.toMatch(/revenue|margin/);
    expect(member.rows.find((r) => r.customer === "acme")).toMatchObject({ cost_usd: "8.0000000000", quotas: [] });
    expect((await getCustomersReport(as(t.handle.db, "admin"), { month: "2026-05", includeAll: false })).showsRevenue).toBe(true);

    const everything = await getCustomersReport(as(t.handle.db, "member"), { month: "2026-05", includeAll: true });
    expect(everything.rows.map((r) => r.customer).sort()).toEqual(["acme", "globex", "ourco", "walk-in"]);
    expect(everything.totals.cost_usd).toBe("2201.0000000000");
    expect(everything.excluded.cost_usd).toBe("0.0000000000");

    const { body: csv, filename } = await customerUsageCsv(finance(), "2026-05");
    expect(filename).toBe("burnrate-customers-2026-05.csv");
    expect(csv.trim().split(/\r?\n/)).toEqual([
      "month,customer,customer_name,tier,billable_requests,billable_input_tokens,billable_output_tokens,billable_tokens,billable_cost_usd,non_billable_requests,non_billable_cost_usd",
      "2026-05,acme,Acme,paid,2,1300,600,1900,7.0000000001,1,0.9999999999",
      "2026-05,globex,Globex,paid,1,1000,200,1200,140.0000000000,0,0.0000000000",
      "2026-05,walk-in,,,0,0,0,0,0.0000000000,1,3.0000000000",
    ]);
  });

  it("the usage API counts production usage, billable cost apart, and quotas on billable usage only", async () => {
    const acme = await seed();
    await addQuota(finance(), acme.id, { metric: "tokens", limit: "2000" });
    await addQuota(finance(), acme.id, { metric: "cost_usd", limit: "5", feature: "chat" });
    await addQuota(finance(), acme.id, { metric: "requests", limit: "3" });
    expect(await getCustomerUsage(as(t.handle.db, "member"), "acme", "2026-05")).toEqual({
      customer: "acme",
      month: "2026-05",
      requests: 3,
      input_tokens: 1310,
      output_tokens: 610,
      cost_usd: "8.0000000000",
      billable_cost_usd: "7.0000000001",
      quotas: [
        { metric: "cost_usd", feature: "chat", limit: "5.0000000000", used: "5.0000000000", percent: 100 },
        { metric: "requests", limit: "3", used: "2", percent: 66 },
        { metric: "tokens", limit: "2000", used: "1900", percent: 95 },
      ],
    });
    expect(await getCustomerUsage(as(t.handle.db, "member"), "nobody", "2026-05")).toMatchObject({
      requests: 0,
      cost_usd: "0.0000000000",
      quotas: [],
    });
    await expect(getCustomerUsage(as(t.handle.db, "member"), "x".repeat(201), "2026-05")).rejects.toMatchObject({ code: "not_found" });
  });

  it("quota alerts fire at 80 % and 100 % exactly once per customer, quota, month and threshold, with evaluators racing", async () => {
    const acme = await seed();
    await addQuota(finance(), acme.id, { metric: "tokens", limit: "2000" }); // 1900 used: 95 %
    await addQuota(finance(), acme.id, { metric: "cost_usd", limit: "5", feature: "chat" }); // exactly 100 %
    await addQuota(finance(), acme.id, { metric: "requests", limit: "10" }); // 20 %
    const runs = await Promise.all(Array.from({ length: 8 }, () => evaluateQuotas(systemContext(t.handle.db), NOW)));
    expect(
      runs
        .flat()
        .map((a) => `${a.metric}:${a.feature}:${a.threshold}`)
        .sort(),
    ).toEqual(["cost_usd:chat:100", "cost_usd:chat:80", "tokens::80"]);
    expect(await evaluateQuotas(systemContext(t.handle.db), NOW)).toEqual([]);

    await ingest([{ customer: "acme", feature: "search", input_tokens: 100, output_tokens: 0, cost_usd: "0.01" }]); // 2000 tokens
    const racing = await Promise.all(Array.from({ length: 4 }, () => evaluateQuotas(systemContext(t.handle.db), NOW)));
    expect(racing.flat().map((a) => `${a.metric}:${a.threshold}`)).toEqual(["tokens:100"]);

    // Deleting and re-adding the same quota does not fire it again in the same month.
    const [tokens] =
      (await listCustomers(finance())).find((c) => c.externalId === "acme")?.quotas.filter((q) => q.metric === "tokens") ?? [];
    await deleteQuota(finance(), tokens?.id ?? "");
    await addQuota(finance(), acme.id, { metric: "tokens", limit: "2000" });
    expect(await evaluateQuotas(systemContext(t.handle.db), NOW)).toEqual([]);

    const rows = await t.handle.db
      .select({ kind: alerts.kind, threshold: alerts.threshold, periodStart: alerts.periodStart, message: alerts.message })
      .from(alerts)
      .orderBy(asc(alerts.message));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.kind === "quota" && r.periodStart === "2026-05-01")).toBe(true);
    expect(rows.map((r) => r.message)).toContain(
      "Acme (acme) reached 100 % of its dollar quota for chat: $5.00 of $5.00 (100 %) in 2026-05.",
    );

    // A new month starts from nothing (June usage is below every threshold), and the evaluator runs quotas too.
    const june = new Date("2026-06-02T00:00:00Z");
    await ingest(
      [
        {
          customer: "acme",
          feature: "chat",
          cost_usd: "3.9999999999",
          input_tokens: 0,
          output_tokens: 0,
          timestamp: "2026-06-01T10:00:00Z",
        },
      ],
      june,
    );
    expect(await evaluateQuotas(systemContext(t.handle.db), june)).toEqual([]);
    await ingest(
      [
        {
          customer: "acme",
          feature: "chat",
          cost_usd: "0.0000000001",
          input_tokens: 0,
          output_tokens: 0,
          timestamp: "2026-06-01T11:00:00Z",
        },
      ],
      june,
    );
    expect((await runAlertEvaluation(systemContext(t.handle.db), june)).quotaAlerts).toBe(1);
  });

  it("imports a CSV all or nothing: a bad row reports per line and writes nothing", async () => {
    await createCustomer(finance(), { external_id: "acme", name: "Acme", tier: "paid", monthly_revenue_usd: "99" });
    const bad = [
      "external_id,name,tier,monthly_revenue_usd",
      "acme,Acme Corp,paid,150",
      "initech,Initech,trial,0",
      "hooli,Hooli,platinum,10",
      "umbrella,Umbrella,paid,12.345678901234",
    ].join("\n");
    const preview = await previewCustomerImport(finance(), bad);
    expect(preview.actions).toEqual(["update", "create"]);
    expect(preview.errors.map((e) => e.line)).toEqual([4, 5]);

    const err = await importCustomers(finance(), bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("validation_failed");
    expect((err as AppError).message).toBe("Nothing was imported: 2 rows have errors.");
    expect((err as AppError).details).toEqual([
      { path: "line 4 tier", message: "Must be free, trial, paid or internal" },
      { path: "line 5 monthly_revenue_usd", message: expect.stringContaining("at most 10 decimals") },
    ]);
    const unchanged = await t.handle.db.select({ id: customers.externalId, name: customers.name }).from(customers);
    expect(unchanged).toEqual([{ id: "acme", name: "Acme" }]);

    const good = bad.split("\n").slice(0, 3).join("\n");
    expect(await importCustomers(finance(), good)).toEqual({ created: 1, updated: 1 });
    // Twice at once: both succeed, the result is the same set of customers.
    await Promise.all([importCustomers(finance(), good), importCustomers(finance(), good)]);
    const after = await t.handle.db
      .select({ id: customers.externalId, name: customers.name, revenue: customers.monthlyRevenueUsd })
      .from(customers)
      .orderBy(asc(customers.externalId));
    expect(after).toEqual([
      { id: "acme", name: "Acme Corp", revenue: "150.0000000000" },
      { id: "initech", name: "Initech", revenue: "0.0000000000" },
    ]);
  });

  it("a failure inside the import's transaction leaves nothing behind", async () => {
    // A constraint only the database knows (a trigger standing in for a disk or network failure mid-import).
    await t.handle.db.execute(
      sql.raw(`create function refuse_boom() returns trigger language plpgsql as $$ begin
        if new.external_id = 'boom' then raise exception 'refused'; end if; return new; end $$`),
    );
    await t.handle.db.execute(sql.raw("create trigger refuse_boom before insert on customers for each row execute function refuse_boom()"));
    try {
      const csv = ["external_id,name,tier,monthly_revenue_usd", "first,First,paid,1", "boom,Boom,paid,1", "last,Last,paid,1"].join("\n");
      await expect(importCustomers(finance(), csv)).rejects.toThrow();
      expect(await queryRows(t.handle.db, sql`select external_id from customers`)).toEqual([]);
    } finally {
      await t.handle.db.execute(sql.raw("drop trigger refuse_boom on customers"));
      await t.handle.db.execute(sql.raw("drop function refuse_boom()"));
    }
  });

  it("only admin and finance manage customers; members read the report", async () => {
    const member = as(t.handle.db, "member");
    await expect(createCustomer(member, { external_id: "a", name: "A", tier: "paid", monthly_revenue_usd: "1" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(importCustomers(member, "external_id,name,tier,monthly_revenue_usd\na,A,paid,1")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(customerUsageCsv(member, "2026-05")).rejects.toMatchObject({ code: "forbidden" });
    await createCustomer(as(t.handle.db, "admin"), { external_id: "a", name: "A", tier: "paid", monthly_revenue_usd: "1" });
    await expect(
      createCustomer(finance(), { external_id: "a", name: "Again", tier: "paid", monthly_revenue_usd: "1" }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await getCustomersReport(member, { month: "2026-05", includeAll: false })).rows.map((r) => r.customer)).toEqual(["a"]);
  });
});
