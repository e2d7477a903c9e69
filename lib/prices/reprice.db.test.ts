import Big from "big.js";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { closeMonth } from "@/lib/export/close-month";
import { getExportSummary } from "@/lib/export/queries";
import { ExportInput } from "@/lib/export/schemas";
import { exportMonth } from "@/lib/export/stream-export";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";
import { aggregatesAgainstEvents } from "@/scripts/test/aggregates";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { createPriceOverride, deletePriceOverride } from "./manage-prices";
import { claimRepriceJob, firstUnpricedDay, getRepriceJob, previewReprice, runRepriceJob, startReprice } from "./reprice";

const NOW = new Date("2026-12-04T12:00:00Z");

const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `u-${role}`, email: `${role}@example.com`, name: null, role },
});

/** An event Burnrate prices (no cost sent): gpt-4.1-mini by default, 1000 input (400 cached) and 200 output tokens. */
const priced = (id: string, timestamp: string, extra: Record<string, unknown> = {}) =>
  makeEvent({ id, timestamp, cost_usd: undefined, input_tokens: 1000, cache_read_tokens: 400, output_tokens: 200, ...extra });

async function costsById(ctx: Ctx): Promise<Record<string, [string, string, string]>> {
  const rows = await queryRows<{ id: string; cost_usd: string; list_cost_usd: string; cost_source: string }>(
    ctx.db,
    sql`select id, cost_usd::text, list_cost_usd::text, cost_source from events order by id`,
  );
  return Object.fromEntries(rows.map((r) => [r.id, [r.cost_usd, r.list_cost_usd, r.cost_source]]));
}

async function expectAggregatesAgree(ctx: Ctx): Promise<void> {
  for (const check of await aggregatesAgainstEvents(ctx.db)) expect(check.stored, check.table).toEqual(check.expected);
}

async function spendTotal(ctx: Ctx, from: string, to: string): Promise<string> {
  const r = await listSpend(ctx, parseSpendQuery(new URLSearchParams({ from, to }), NOW));
  return r.totals.cost_usd;
}

async function download(ctx: Ctx, month: string, format: "csv" | "focus", granularity: "day" | "event"): Promise<string> {
  const { stream } = await exportMonth(ctx, ExportInput.parse({ month, format, granularity }));
  return new Response(stream).text();
}

async function applyReprice(ctx: Ctx, input: Record<string, unknown> = {}) {
  const job = await startReprice(ctx, { dry_run: false, ...input });
  expect(job.state).toBe("queued");
  const claimed = await claimRepriceJob(ctx.db, job.id);
  expect(claimed).toBe(job.id);
  return runRepriceJob(systemContext(ctx.db, "prices-reprice"), job.id, { batchSize: 3 });
}

describeEachDatabase("reprice", (t) => {
  const admin = () => as(t.handle.db, "admin");

  it("an override from a past date reprices exactly the events after it, at their own timestamps, with cache and tiers", async () => {
    const ctx = admin();
    const result = await ingestEvents(
      ctx,
      [
        priced("m-before", "2026-10-09T23:59:59Z"),
        priced("m-after-1", "2026-10-10T00:00:00Z"),
        priced("m-after-2", "2026-11-20T08:00:00Z", { session: "s1" }),
        priced("m-plan", "2026-11-21T08:00:00Z", { surface: "plan", plan: "ChatGPT Team" }),
        makeEvent({ id: "m-reported", timestamp: "2026-11-02T00:00:00Z", cost_usd: "0.5" }),
        priced("s-long", "2026-11-03T00:00:00Z", {
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          input_tokens: 300_000,
          cache_read_tokens: 0,
          output_tokens: 1000,
        }),
        priced("other", "2026-11-04T00:00:00Z", { model: "gpt-4.1", session: "s1" }),
      ],
      NOW,
    );
    expect(result.accepted).toBe(7);
    const before = await costsById(ctx);
    // Catalog: gpt-4.1-mini $0.40 in, $0.10 cached, $1.60 out per M; Sonnet 4.5 over 200k input: $6 in, $22.50 out.
    expect(before["m-after-1"]).toEqual(["0.0006000000", "0.0006000000", "computed"]);
    expect(before["s-long"]).toEqual(["1.8225000000", "1.8225000000", "computed"]);
    const spendBefore = await spendTotal(ctx, "2026-10-01", "2026-11-30");

    // A negotiated gpt-4.1-mini price from 2026-10-10, and 20 % off Anthropic's catalog (tiers kept) from November.
    await createPriceOverride(ctx, {
      provider: "openai",
      model: "gpt-4.1-mini",
      effective_from: "2026-10-10",
      input_per_mtok: "1",
      output_per_mtok: "2",
      cache_read_per_mtok: "0.5",
    });
    await createPriceOverride(ctx, { provider: "anthropic", model: "*", effective_from: "2026-11-01", multiplier: "0.8" });

    const preview = await previewReprice(ctx, { dry_run: true });
    // 600 × $1 + 400 × $0.50 + 200 × $2 per M = $0.0012; 1.8225 × 0.8 = 1.458.
    expect(preview.rows).toEqual([
      expect.objectContaining({
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        month: "2026-11",
        events: 1,
        cost_before_usd: "1.8225000000",
        cost_after_usd: "1.4580000000",
      }),
      expect.objectContaining({
        provider: "openai",
        model: "gpt-4.1-mini",
        month: "2026-10",
        events: 1,
        cost_before_usd: "0.0006000000",
        cost_after_usd: "0.0012000000",
      }),
      // The plan event's metered cost stays 0; its list cost moves.
      expect.objectContaining({
        provider: "openai",
        model: "gpt-4.1-mini",
        month: "2026-11",
        events: 2,
        cost_before_usd: "0.0006000000",
        cost_after_usd: "0.0012000000",
        list_cost_before_usd: "0.0012000000",
        list_cost_after_usd: "0.0024000000",
      }),
    ]);
    expect(preview).toMatchObject({ events: 4, scanned: 5, cost_before_usd: "1.8237000000", cost_after_usd: "1.4604000000" });
    expect(preview.models).toEqual([
      { provider: "anthropic", model: "claude-sonnet-4-5" },
      { provider: "openai", model: "gpt-4.1-mini" },
    ]);
    // The preview wrote nothing.
    expect(await costsById(ctx)).toEqual(before);

    const job = await applyReprice(ctx);
    expect(job).toMatchObject({
      state: "done",
      events_done: 5,
      events_total: 5,
      events_changed: 4,
      cost_before_usd: "1.8237000000",
      cost_after_usd: "1.4604000000",
    });
    const after = await costsById(ctx);
    expect(after["m-before"]).toEqual(before["m-before"]);
    expect(after["m-after-1"]).toEqual(["0.0012000000", "0.0012000000", "computed"]);
    expect(after["m-after-2"]).toEqual(["0.0012000000", "0.0012000000", "computed"]);
    expect(after["m-plan"]).toEqual(["0.0000000000", "0.0012000000", "computed"]);
    expect(after["s-long"]).toEqual(["1.4580000000", "1.4580000000", "computed"]);
    expect(after["m-reported"]).toEqual(["0.5000000000", "0.5000000000", "reported"]);
    expect(after.other).toEqual(before.other);
    await expectAggregatesAgree(ctx);
    // The spend API moved by exactly the previewed difference; the export agrees with it to the digit.
    const spendAfter = await spendTotal(ctx, "2026-10-01", "2026-11-30");
    expect(new Big(spendAfter).minus(spendBefore).toFixed(10)).toBe(
      new Big(preview.cost_after_usd).minus(preview.cost_before_usd).toFixed(10),
    );
    const csv = parse(await download(ctx, "2026-11", "csv", "day"), { columns: true }) as Record<string, string>[];
    expect(csv.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0)).toFixed(10)).toBe(
      new Big(await spendTotal(ctx, "2026-11-01", "2026-11-30")).toFixed(10),
    );
    // Running it again changes nothing; a second job walks the same events and finds no difference.
    expect((await previewReprice(ctx, { dry_run: true })).events).toBe(0);
    const audit = await queryRows<{ action: string }>(
      ctx.db,
      sql`select action from audit_log where action like 'price.repr%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["price.reprice_started", "price.repriced"]);
  });

  it("unpriced fine-tunes become priced through a pattern card; their rollup groups move from unpriced", async () => {
    const ctx = admin();
    await ingestEvents(
      ctx,
      [
        priced("ft-1", "2026-11-05T10:00:00Z", { model: "ft:gpt-4.1-mini:acme:triage-v3", session: "s2" }),
        priced("ft-2", "2026-11-06T10:00:00Z", { model: "ft:gpt-4.1-mini:acme:triage-v3", session: "s2" }),
      ],
      NOW,
    );
    expect((await costsById(ctx))["ft-1"]).toEqual(["0.0000000000", "0.0000000000", "unpriced"]);
    // Where the screen's "Add a price" starts the card, so it covers every unpriced event.
    expect(await firstUnpricedDay(ctx, "OpenAI", "ft:gpt-4.1-mini:acme:triage-v3")).toBe("2026-11-05");
    expect(await firstUnpricedDay(ctx, "", "ft:gpt-4.1-mini:acme:triage-v3")).toBe("2026-11-05");
    expect(await firstUnpricedDay(ctx, "openai", "gpt-4.1-mini")).toBeNull();
    await createPriceOverride(ctx, {
      provider: "openai",
      model: "ft:gpt-4.1-mini:*",
      effective_from: "2026-01-01",
      as_model: "gpt-4.1-mini",
      multiplier: "2",
    });
    await createPriceOverride(ctx, { provider: "openai", model: "ft:o9-nano:*", effective_from: "2026-01-01", multiplier: "1" });
    const preview = await previewReprice(ctx, { dry_run: true });
    // Twice the catalog's gpt-4.1-mini (at its own date: before the test's 2026-10-10 override... which is exact, not the base).
    expect(preview.rows.filter((r) => r.model.startsWith("ft:"))).toEqual([
      expect.objectContaining({
        month: "2026-11",
        events: 2,
        cost_before_usd: "0.0000000000",
        cost_after_usd: "0.0024000000",
        unpriced_before: 2,
        unpriced_after: 0,
      }),
    ]);
    expect(preview.unmatched_overrides).toEqual([expect.objectContaining({ provider: "openai", model: "ft:o9-nano:*" })]);
    await applyReprice(ctx);
    expect((await costsById(ctx))["ft-2"]).toEqual(["0.0012000000", "0.0012000000", "computed"]);
    const unpriced = await queryRows<{ n: string }>(
      ctx.db,
      sql`select count(*)::text as n from event_rollup_daily_core where cost_source = 'unpriced'`,
    );
    expect(unpriced[0]?.n).toBe("0");
    await expectAggregatesAgree(ctx);

    // Deleting the card: the next default reprice covers the models it matched, and puts them back to unpriced.
    const [card] = await queryRows<{ id: string }>(ctx.db, sql`select id from price_overrides where model = 'ft:gpt-4.1-mini:*'`);
    await deletePriceOverride(ctx, card?.id as string);
    const back = await previewReprice(ctx, { dry_run: true });
    expect(back.rows.filter((r) => r.model.startsWith("ft:"))).toEqual([
      expect.objectContaining({ events: 2, unpriced_after: 2, cost_after_usd: "0.0000000000" }),
    ]);
  });

  it("bad input and a second job while one is queued are refused", async () => {
    const ctx = admin();
    await expect(previewReprice(ctx, { dry_run: "yes" })).rejects.toThrow();
    await expect(previewReprice(ctx, { dry_run: true, extra: 1 })).rejects.toThrow();
    await expect(previewReprice(as(t.handle.db, "finance"), { dry_run: true })).rejects.toMatchObject({ code: "forbidden" });
    const first = await startReprice(ctx, { dry_run: false, provider: "openai" });
    const second = await startReprice(ctx, { dry_run: false }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("conflict");
    expect((second as AppError).message).toMatch(/already queued \(0 of \d+ events\)/);
    await runRepriceJob(systemContext(t.handle.db), (await claimRepriceJob(t.handle.db)) as string);
    expect((await getRepriceJob(ctx, first.id)).state).toBe("done");
    await expect(getRepriceJob(ctx, "00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({ code: "not_found" });
  });
});

describeEachDatabase("reprice: closed months and resuming", (t) => {
  const admin = () => as(t.handle.db, "admin");

  it("a closed month's export stays as closed; the difference is the next open month's adjustment", async () => {
    const ctx = admin();
    await ingestEvents(
      ctx,
      [
        priced("o-1", "2026-10-05T10:00:00Z", { session: "so" }),
        priced("o-2", "2026-10-06T10:00:00Z", { user: "ana@example.com" }),
        priced("o-3", "2026-10-07T10:00:00Z", { model: "ft:gpt-4.1-mini:acme:x" }),
        makeEvent({ id: "o-rep", timestamp: "2026-10-07T11:00:00Z", cost_usd: "2" }),
        priced("n-1", "2026-11-05T10:00:00Z"),
      ],
      NOW,
    );
    await closeMonth(ctx, "2026-10", NOW);
    const frozen = {
      day: await download(ctx, "2026-10", "csv", "day"),
      event: await download(ctx, "2026-10", "csv", "event"),
      focus: await download(ctx, "2026-10", "focus", "day"),
      focusEvent: await download(ctx, "2026-10", "focus", "event"),
      summary: (await getExportSummary(ctx, "2026-10", NOW)).totals,
    };
    const novBefore = await getExportSummary(ctx, "2026-11", NOW);
    const octSpendBefore = await spendTotal(ctx, "2026-10-01", "2026-10-31");

    await createPriceOverride(ctx, {
      provider: "openai",
      model: "gpt-4.1-mini",
      effective_from: "2026-01-01",
      input_per_mtok: "1",
      output_per_mtok: "2",
    });
    await createPriceOverride(ctx, {
      provider: "openai",
      model: "ft:*",
      effective_from: "2026-01-01",
      as_model: "gpt-4.1-mini",
      multiplier: "1",
    });
    const preview = await previewReprice(ctx, { dry_run: true });
    expect(preview.rows.map((r) => [r.model, r.month, r.closed, r.events])).toEqual([
      ["ft:gpt-4.1-mini:acme:x", "2026-10", true, 1],
      ["gpt-4.1-mini", "2026-10", true, 2],
      ["gpt-4.1-mini", "2026-11", false, 1],
    ]);
    await applyReprice(ctx);
    await expectAggregatesAgree(ctx);

    // October's files are byte for byte what the close froze; its screens follow the new prices.
    expect(await download(ctx, "2026-10", "csv", "day")).toBe(frozen.day);
    expect(await download(ctx, "2026-10", "csv", "event")).toBe(frozen.event);
    expect(await download(ctx, "2026-10", "focus", "day")).toBe(frozen.focus);
    expect(await download(ctx, "2026-10", "focus", "event")).toBe(frozen.focusEvent);
    const octSummary = await getExportSummary(ctx, "2026-10", NOW);
    expect(octSummary.totals).toEqual(frozen.summary);
    const octDelta = preview.rows
      .filter((r) => r.month === "2026-10")
      .reduce((s, r) => s.plus(r.cost_after_usd).minus(r.cost_before_usd), new Big(0));
    expect(new Big(await spendTotal(ctx, "2026-10-01", "2026-10-31")).minus(octSpendBefore).eq(octDelta)).toBe(true);

    // The Export screen says so on October: three events repriced after the close, and by how much.
    expect(octSummary.repricedAfterClose).toEqual({ events: 3, difference_usd: octDelta.toFixed(10) });
    // November's export carries October's difference as adjustment rows (no requests, no tokens).
    const nov = parse(await download(ctx, "2026-11", "csv", "day"), { columns: true }) as Record<string, string>[];
    const adjustments = nov.filter((r) => r.cost_source === "adjustment");
    expect(adjustments.map((r) => [r.date, r.model, r.requests, r.input_tokens])).toEqual([
      ["2026-10-05", "gpt-4.1-mini", "0", "0"],
      ["2026-10-06", "gpt-4.1-mini", "0", "0"],
      ["2026-10-07", "ft:gpt-4.1-mini:acme:x", "0", "0"],
    ]);
    expect(adjustments.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0)).eq(octDelta)).toBe(true);
    const novEvents = parse(await download(ctx, "2026-11", "csv", "event"), { columns: true }) as Record<string, string>[];
    expect(novEvents.filter((r) => r.cost_source === "adjustment").map((r) => [r.id, r.requests])).toEqual([
      ["o-1", "0"],
      ["o-2", "0"],
      ["o-3", "0"],
    ]);
    const novAfter = await getExportSummary(ctx, "2026-11", NOW);
    expect(new Big(novAfter.totals.adjustments_usd).minus(novBefore.totals.adjustments_usd).eq(octDelta)).toBe(true);
    const focusNov = parse(await download(ctx, "2026-11", "focus", "day"), { columns: true }) as Record<string, string>[];
    const novCsvTotal = nov.reduce((s, r) => s.plus(r.cost_usd as string), new Big(0));
    expect(focusNov.reduce((s, r) => s.plus(r.BilledCost as string), new Big(0)).eq(novCsvTotal)).toBe(true);
  });

  it("an interrupted job resumes from its cursor on another claim without applying a batch twice", async () => {
    const ctx = admin();
    const events = Array.from({ length: 23 }, (_, i) =>
      priced(`r-${String(i).padStart(2, "0")}`, `2026-11-${String(10 + (i % 5)).padStart(2, "0")}T0${i % 10}:00:00Z`, {
        model: "gpt-4o-mini",
        session: `rs-${i % 3}`,
      }),
    );
    await ingestEvents(ctx, events, NOW);
    await createPriceOverride(ctx, {
      provider: "openai",
      model: "gpt-4o-mini",
      effective_from: "2026-01-01",
      input_per_mtok: "3",
      output_per_mtok: "4",
    });
    const preview = await previewReprice(ctx, { dry_run: true, model: "gpt-4o-mini" });
    expect(preview.events).toBe(23);
    const job = await startReprice(ctx, { dry_run: false, model: "gpt-4o-mini" });
    expect(await claimRepriceJob(ctx.db, job.id)).toBe(job.id);
    // The instance stops after two batches of 5: the job is running, its heartbeat fresh, so nobody takes it over yet.
    const partial = await runRepriceJob(systemContext(ctx.db), job.id, { batchSize: 5, maxBatches: 2 });
    expect(partial).toMatchObject({ state: "running", events_done: 10, events_total: 23 });
    expect(await claimRepriceJob(ctx.db)).toBeNull();
    // Its heartbeat goes stale: the next claim (any instance's runner) resumes it.
    await ctx.db.execute(sql`update reprice_jobs set heartbeat_at = now() - interval '10 minutes' where id = ${job.id}`);
    expect(await claimRepriceJob(ctx.db)).toBe(job.id);
    const done = await runRepriceJob(systemContext(ctx.db), job.id, { batchSize: 5 });
    expect(done).toMatchObject({ state: "done", events_done: 23, events_changed: 23, cost_after_usd: preview.cost_after_usd });
    const costs = await costsById(ctx);
    // 600 × $3 + 400 × $3 (no cache price: the input price) + 200 × $4 per M = $0.0038 each.
    for (const e of events) expect(costs[e.id as string]).toEqual(["0.0038000000", "0.0038000000", "computed"]);
    await expectAggregatesAgree(ctx);
  });
});
