import Big from "big.js";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { closeMonth, reopenMonth } from "./close-month";
import { getExportSummary } from "./queries";
import { ExportInput } from "./schemas";
import { exportMonth } from "./stream-export";

const NOW = new Date("2026-11-22T12:00:00Z");
const CSV_HEADER =
  "date,provider,model,surface,environment,team,user,customer,feature,workflow,repo,tool,billable,cost_source,requests,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,list_cost_usd";

const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});

async function download(ctx: Ctx, query: Record<string, string>): Promise<string> {
  const { stream } = await exportMonth(ctx, ExportInput.parse(query));
  return new Response(stream).text();
}

const rowsOf = (text: string): Record<string, string>[] => parse(text, { columns: true, bom: false });
const sum = (rows: Record<string, string>[], col: string) => rows.reduce((s, r) => s.plus(r[col] as string), new Big(0));

describeEachDatabase("export", (t) => {
  const finance = () => as(t.handle.db, "finance");

  async function spendTotal(from: string, to: string): Promise<Big> {
    const r = await listSpend(systemContext(t.handle.db), parseSpendQuery(new URLSearchParams({ from, to }), NOW));
    return new Big(r.totals.cost_usd).plus(r.totals.plan_fees_usd);
  }

  it("day CSV: the contract's header, one row per day and combination, summing exactly to /api/v1/spend", async () => {
    const result = await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "a1", timestamp: "2026-10-01T00:00:00Z", cost_usd: "0.1000000001", team: "platform" }),
        makeEvent({ id: "a2", timestamp: "2026-10-01T23:59:59.999Z", cost_usd: "0.2", team: "platform" }),
        makeEvent({ id: "a3", timestamp: "2026-10-01T10:00:00Z", cost_usd: "3", team: "growth", user: "ana@example.com" }),
        makeEvent({
          id: "a4",
          timestamp: "2026-10-31T23:59:59Z",
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          cost_usd: "0.0000000003",
        }),
        makeEvent({
          id: "a5",
          timestamp: "2026-10-15T12:00:00Z",
          surface: "plan",
          plan: "Claude Max",
          input_tokens: 10,
          output_tokens: 5,
          cost_usd: undefined,
        }),
        makeEvent({ id: "b1", timestamp: "2026-09-30T23:59:59Z", cost_usd: "50" }),
        makeEvent({ id: "b2", timestamp: "2026-11-01T00:00:00Z", cost_usd: "70" }),
      ],
      NOW,
    );
    expect(result.accepted).toBe(7);
    const text = await download(finance(), { month: "2026-10", format: "csv" });
    expect(text.split("\n")[0]).toBe(CSV_HEADER);
    const rows = rowsOf(text);
    expect(rows.map((r) => [r.date, r.provider, r.team, r.surface, r.requests, r.cost_usd])).toEqual([
      ["2026-10-01", "openai", "growth", "api", "1", "3.0000000000"],
      ["2026-10-01", "openai", "platform", "api", "2", "0.3000000001"],
      ["2026-10-15", "openai", "platform", "plan", "1", "0.0000000000"],
      ["2026-10-31", "anthropic", "platform", "api", "1", "0.0000000003"],
    ]);
    expect(rows[0]).toMatchObject({ user: "ana@example.com", billable: "true", cost_source: "reported", input_tokens: "1000" });
    expect(rows[2]).toMatchObject({ cost_source: "computed", input_tokens: "10", output_tokens: "5" });
    expect(sum(rows, "cost_usd").toFixed(10)).toBe("3.3000000004");
    expect(sum(rows, "cost_usd").eq(await spendTotal("2026-10-01", "2026-10-31"))).toBe(true);
  });

  it("event CSV: one row per event with id, timestamp, session, trace and pr, in time order", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "e2", timestamp: "2026-10-02T08:00:00.250Z", session: "s1", trace: "t1", pr: 42, repo: "acme/web", cost_usd: "1" }),
        makeEvent({ id: "e1", timestamp: "2026-10-02T08:00:00Z", cost_usd: "2.5" }),
        makeEvent({ id: "e3", timestamp: "2026-11-02T08:00:00Z", cost_usd: "9" }),
      ],
      NOW,
    );
    const text = await download(finance(), { month: "2026-10", format: "csv", granularity: "event" });
    expect(text.split("\n")[0]).toBe(`${CSV_HEADER},id,timestamp,session,trace,pr`);
    const rows = rowsOf(text);
    expect(rows.map((r) => [r.id, r.timestamp, r.session, r.trace, r.pr, r.repo, r.requests, r.cost_usd])).toEqual([
      ["e1", "2026-10-02T08:00:00.000Z", "", "", "", "", "1", "2.5000000000"],
      ["e2", "2026-10-02T08:00:00.250Z", "s1", "t1", "42", "acme/web", "1", "1.0000000000"],
    ]);
    expect(sum(rows, "cost_usd").eq(await spendTotal("2026-10-01", "2026-10-31"))).toBe(true);
  });

  it("keeps commas, quotes, newlines and unicode intact and neutralises formula cells", async () => {
    const tricky = {
      team: 'a,b "quoted"',
      feature: "semi;colon, and \x27single\x27 quotes",
      workflow: "日本語 — ümlaut ✓",
      customer: '=HYPERLINK("http://x")',
      user: "+1 555",
      repo: "-2+3/=cmd",
      tool: "@SUM(A1)",
      environment: "\uFF1D1+1 full-width",
    };
    const tags = { note: 'line one\nline two, "quoted"', team: "ignored: the event's team wins" };
    const stored = await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: "x1", timestamp: "2026-10-05T00:00:00Z", ...tricky, tags })],
      NOW,
    );
    expect(stored.rejected).toEqual([]);
    for (const granularity of ["day", "event"]) {
      const [row] = rowsOf(await download(finance(), { month: "2026-10", format: "csv", granularity }));
      expect(row).toMatchObject({
        team: tricky.team,
        feature: tricky.feature,
        workflow: tricky.workflow,
        customer: `'${tricky.customer}`,
        user: `'${tricky.user}`,
        repo: `'${tricky.repo}`,
        tool: `'${tricky.tool}`,
        environment: `'${tricky.environment}`,
      });
    }
    const [focus] = rowsOf(await download(finance(), { month: "2026-10", format: "focus", granularity: "event" }));
    const { environment: _inItsOwnColumn, ...attribution } = tricky;
    expect(JSON.parse(focus?.Tags as string)).toEqual({ ...tags, ...attribution });
    expect(focus?.x_Environment).toBe(`'${tricky.environment}`);
  });

  it("FOCUS: every mandatory column, typed, custom columns last, the same total as the CSV", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "f1", timestamp: "2026-10-03T05:00:00Z", cost_usd: "1.5", team: "platform", cache_read_tokens: 300 }),
        makeEvent({ id: "f2", timestamp: "2026-10-31T05:00:00Z", provider: "anthropic", model: "claude-sonnet-4-5", team: undefined }),
      ],
      NOW,
    );
    for (const granularity of ["day", "event"]) {
      const text = await download(finance(), { month: "2026-10", format: "focus", granularity });
      const header = text.split("\n")[0]?.split(",") ?? [];
      const mandatory = [
        "BilledCost",
        "BillingAccountId",
        "BillingAccountName",
        "BillingCurrency",
        "BillingPeriodEnd",
        "BillingPeriodStart",
      ];
      mandatory.push("ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost");
      mandatory.push("EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName");
      mandatory.push("PublisherName", "ServiceCategory", "ServiceName");
      expect(mandatory.filter((c) => !header.includes(c))).toEqual([]);
      const firstCustom = header.findIndex((c) => c.startsWith("x_"));
      expect(header.slice(firstCustom).every((c) => c.startsWith("x_"))).toBe(true);
      expect(header.slice(0, firstCustom).every((c) => /^[A-Z][A-Za-z]+$/.test(c))).toBe(true);

      const rows = rowsOf(text);
      expect(rows).toHaveLength(2);
      const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
      const decimal = /^\d+(\.\d+)?$/;
      for (const r of rows) {
        for (const c of ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]) expect(r[c]).toMatch(instant);
        for (const c of ["BilledCost", "EffectiveCost", "ContractedCost", "ListCost", "ConsumedQuantity"]) expect(r[c]).toMatch(decimal);
        expect(r).toMatchObject({
          BillingCurrency: "USD",
          BillingPeriodStart: "2026-10-01T00:00:00Z",
          BillingPeriodEnd: "2026-11-01T00:00:00Z",
          ChargeCategory: "Usage",
          ChargeClass: "",
          ChargeFrequency: "Usage-Based",
          ServiceCategory: "AI and Machine Learning",
          ServiceSubcategory: "Generative AI",
          ConsumedUnit: "Tokens",
        });
        expect(Date.parse(r.ChargePeriodEnd as string) - Date.parse(r.ChargePeriodStart as string)).toBe(86_400_000);
      }
      expect(rows[0]).toMatchObject({
        ProviderName: "OpenAI",
        BilledCost: "1.5000000000",
        ConsumedQuantity: "1500",
        x_CostSource: "reported",
      });
      expect(JSON.parse(rows[0]?.Tags as string)).toEqual({ team: "platform" });
      expect(rows[1]).toMatchObject({
        ProviderName: "Anthropic",
        ChargePeriodStart: "2026-10-31T00:00:00Z",
        ChargePeriodEnd: "2026-11-01T00:00:00Z",
        Tags: "",
      });
      expect(sum(rows, "BilledCost").eq(await spendTotal("2026-10-01", "2026-10-31"))).toBe(true);
    }
  });

  it("a closed month's export stays as closed; a late event becomes a flagged adjustment of the next open month", async () => {
    await ingestEvents(
      systemContext(t.handle.db),
      [
        makeEvent({ id: "o1", timestamp: "2026-10-10T00:00:00Z", cost_usd: "10", team: "platform" }),
        makeEvent({ id: "n1", timestamp: "2026-11-10T00:00:00Z", cost_usd: "1", team: "platform" }),
      ],
      NOW,
    );
    const snapshot = await closeMonth(finance(), "2026-10", NOW);
    expect(snapshot).toMatchObject({ requests: 1, cost_usd: "10.0000000000", adjustments_usd: "0.0000000000" });
    const closedDay = await download(finance(), { month: "2026-10", format: "csv" });
    const closedEvents = await download(finance(), { month: "2026-10", format: "csv", granularity: "event" });

    await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: "late", timestamp: "2026-10-20T00:00:00Z", cost_usd: "2.25", team: "growth" })],
      NOW,
    );

    // October: unchanged, byte for byte, and equal to its snapshot, although the dashboard now shows the late event.
    expect(await download(finance(), { month: "2026-10", format: "csv" })).toBe(closedDay);
    expect(await download(finance(), { month: "2026-10", format: "csv", granularity: "event" })).toBe(closedEvents);
    expect(sum(rowsOf(closedDay), "cost_usd").toFixed(10)).toBe(snapshot.cost_usd);
    expect((await spendTotal("2026-10-01", "2026-10-31")).toFixed(10)).toBe("12.2500000000");
    const october = await getExportSummary(finance(), "2026-10", NOW);
    expect(october.totals.cost_usd).toBe("10.0000000000");
    expect(october.lateAfterClose).toEqual({ requests: 1, cost_usd: "2.2500000000" });

    // November: its own spend plus the late event, flagged.
    for (const granularity of ["day", "event"]) {
      const rows = rowsOf(await download(finance(), { month: "2026-11", format: "csv", granularity }));
      expect(rows.map((r) => [r.date, r.team, r.cost_source, r.cost_usd])).toEqual([
        ["2026-11-10", "platform", "reported", "1.0000000000"],
        ["2026-10-20", "growth", "adjustment", "2.2500000000"],
      ]);
      expect(sum(rows, "cost_usd").eq((await spendTotal("2026-11-01", "2026-11-30")).plus("2.25"))).toBe(true);
    }
    const focus = rowsOf(await download(finance(), { month: "2026-11", format: "focus" }));
    expect(focus.map((r) => [r.ChargeClass, r.ChargePeriodStart, r.BillingPeriodStart, r.x_CostSource])).toEqual([
      ["", "2026-11-10T00:00:00Z", "2026-11-01T00:00:00Z", "reported"],
      ["Correction", "2026-10-20T00:00:00Z", "2026-11-01T00:00:00Z", "reported"],
    ]);
    const november = await getExportSummary(finance(), "2026-11", NOW);
    expect(november).toMatchObject({ adjustmentMonths: ["2026-10"], canClose: false });
    expect(november.totals).toMatchObject({ requests: 2, cost_usd: "3.2500000000", adjustments_usd: "2.2500000000" });

    // Reopening October takes the late event back into October, and out of November.
    await reopenMonth(as(t.handle.db, "admin"), "2026-10");
    const reopened = rowsOf(await download(finance(), { month: "2026-10", format: "csv" }));
    expect(sum(reopened, "cost_usd").toFixed(10)).toBe("12.2500000000");
    expect(rowsOf(await download(finance(), { month: "2026-11", format: "csv" })).map((r) => r.cost_source)).toEqual(["reported"]);
    const audit = await queryRows<{ action: string; target: string }>(
      t.handle.db,
      sql`select action, target from audit_log where action like 'month.%' order by id`,
    );
    expect(audit).toEqual([
      { action: "month.closed", target: "2026-10" },
      { action: "month.reopened", target: "2026-10" },
    ]);
  });

  it("a close racing concurrent ingest splits the events exactly: each is in the closed month or an adjustment, once", async () => {
    const batch = (b: number) =>
      Array.from({ length: 50 }, (_, i) => makeEvent({ id: `r${b}-${i}`, timestamp: "2026-10-15T00:00:00Z", cost_usd: "0.0100000001" }));
    await ingestEvents(systemContext(t.handle.db), batch(0), NOW);
    const ingests = Array.from({ length: 12 }, (_, b) => ingestEvents(systemContext(t.handle.db), batch(b + 1), NOW));
    const [snapshot] = await Promise.all([closeMonth(finance(), "2026-10", NOW), ...ingests]);
    const october = rowsOf(await download(finance(), { month: "2026-10", format: "csv", granularity: "event" }));
    const adjustments = rowsOf(await download(finance(), { month: "2026-11", format: "csv", granularity: "event" }));
    expect(sum(october, "cost_usd").toFixed(10)).toBe(snapshot?.cost_usd);
    expect(october.length).toBe(snapshot?.requests);
    const ids = [...october, ...adjustments].map((r) => r.id).sort();
    expect(ids).toEqual(
      Array.from({ length: 13 }, (_, b) => batch(b).map((e) => e.id as string))
        .flat()
        .sort(),
    );
    expect(adjustments.every((r) => r.cost_source === "adjustment")).toBe(true);
  });

  it("closing and reopening follow the rules and the roles", async () => {
    await expect(closeMonth(finance(), "2026-11", NOW)).rejects.toMatchObject({ code: "conflict" });
    await expect(closeMonth(as(t.handle.db, "member"), "2026-10", NOW)).rejects.toMatchObject({ code: "forbidden" });
    await closeMonth(finance(), "2026-09", NOW);
    await expect(closeMonth(finance(), "2026-09", NOW)).rejects.toMatchObject({ code: "conflict" });
    await closeMonth(finance(), "2026-10", NOW);
    await expect(reopenMonth(finance(), "2026-10")).rejects.toMatchObject({ code: "forbidden" });
    const admin = as(t.handle.db, "admin");
    await expect(reopenMonth(admin, "2026-09")).rejects.toThrow("Reopen 2026-10 first");
    await expect(reopenMonth(admin, "2026-08")).rejects.toMatchObject({ code: "conflict" });
    await reopenMonth(admin, "2026-10");
    await reopenMonth(admin, "2026-09");
    await expect(exportMonth(as(t.handle.db, "member"), ExportInput.parse({ month: "2026-10", format: "csv" }))).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("a reader that goes away mid-file releases the transaction and the connection", async () => {
    const events = Array.from({ length: 12_000 }, (_, i) =>
      makeEvent({ id: `c${i}`, timestamp: `2026-10-0${1 + (i % 9)}T00:00:00Z`, cost_usd: "1", team: `team-${i}` }),
    );
    for (let i = 0; i < events.length; i += 1000) await ingestEvents(systemContext(t.handle.db), events.slice(i, i + 1000), NOW);
    const { stream } = await exportMonth(finance(), ExportInput.parse({ month: "2026-10", format: "csv", granularity: "event" }));
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("date,provider");
    expect(first.value?.length).toBeLessThan(2_000_000); // the file is ~2.5 MB: this is mid-file
    await reader.cancel();
    if (t.kind === "postgres") {
      // No connection is left inside the export's transaction (a half-read COPY would leave one stuck there).
      let busy = -1;
      for (let attempt = 0; attempt < 50 && busy !== 0; attempt++) {
        const [row] = await queryRows<{ n: number | string }>(
          t.handle.db,
          sql`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
            and (state like 'idle in transaction%' or query ilike 'copy (%' and state = 'active')`,
        );
        busy = Number(row?.n);
        if (busy !== 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(busy).toBe(0);
    }
    // The next export runs to the end (on PGlite the export held the only connection).
    const rows = rowsOf(await download(finance(), { month: "2026-10", format: "csv", granularity: "event" }));
    expect(rows).toHaveLength(12_000);
  });
});
