/**
 * `npm run bench:sync`: a first connection's 90-day backfill from both fake providers (hourly buckets × 50 models,
 * real HTTP, every page followed) into real PostgreSQL, timed end to end; then the same 90 days re-read (idempotent
 * replace) and an incremental run (3-day overlap). Baselines in the same run: fetching and parsing every page with no
 * database work, and a raw postgres.js bulk INSERT of the very same rows into empty copies of the tables.
 *
 * Then the coding tools: a 90-day backfill of BENCH_PEOPLE (200) people from the fake Claude Code Analytics, Cursor
 * and GitHub Copilot admin APIs (three vendors in parallel, in a child process, real HTTP), the same re-read and an
 * incremental run, checked to the cent against the generated dataset; baselines: every vendor day fetched and parsed
 * with no database work, and a raw bulk INSERT of the same events.
 *
 * Options (env): BENCH_MODELS (default 50), BENCH_DAYS (90), BENCH_PEOPLE (200), BENCH_TOOL_EVENTS (Cursor events per
 * person-day, 3), BENCH_ONLY (`providers` or `tools`), BENCH_DATABASE_URL (a role that may CREATE DATABASE; default: a
 * throwaway local cluster).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDb, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { claudeCodeSource } from "@/lib/coding-tools/claude-code/client";
import { copilotSource } from "@/lib/coding-tools/copilot/client";
import { cursorSource } from "@/lib/coding-tools/cursor/client";
import { utcToday } from "@/lib/dates/calendar";
import { anthropicClient } from "@/lib/providers/anthropic/client";
import { openAiClient } from "@/lib/providers/openai/client";
import { runProviderSync } from "@/lib/providers/run-sync";
import { syncRange } from "@/lib/providers/sync-range";
import { createBenchDatabase } from "./bench/database";
import { expectedToolTotals, generateToolDataset } from "./test/fake-tools/dataset";

/** The fakes run in a child process, as a real provider would be elsewhere: their JSON building is not the sync's cost. */
async function startFakes<T>(options: object, script = "scripts/test/fake-providers/serve.ts"): Promise<T & { stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fake providers exited (${code})`)));
  });
  return { ...JSON.parse(line), stop: () => child.kill() };
}

const MODELS = Number(process.env.BENCH_MODELS ?? 50);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const NOW = new Date("2026-04-30T23:30:00Z");
const START = new Date(Date.UTC(2026, 3, 30) - DAYS * 86_400_000);

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const models = Array.from({ length: MODELS }, (_, i) => (i % 2 === 0 ? `gpt-bench-${i}-2026-01-01` : `claude-bench-${i}-20260101`));
  console.log(`dataset: ${DAYS} days × 24 h × ${MODELS} models = ${fmt(DAYS * 24 * MODELS)} usage rows per provider`);
  const fakes = await startFakes<{ openai: string; anthropic: string }>({ start: START.toISOString(), days: DAYS, models, key: "bench" });
  const clients = () => [
    openAiClient({ apiKey: "bench", baseUrl: `${fakes.openai}/v1`, trusted: true }),
    anthropicClient({ apiKey: "bench", baseUrl: fakes.anthropic, trusted: true }),
  ];
  const bench = await createBenchDatabase("burnrate_benchsync", { durable: true });
  const handle = await openDb({ url: bench.url });
  const db = handle.db;
  try {
    // Fetch only: every page over HTTP, parsed and converted, nothing stored.
    let t0 = performance.now();
    let fetched = 0;
    await Promise.all(
      clients().map(async (c) => {
        for await (const p of c.usagePages(START, new Date(Date.UTC(2026, 4, 1)))) fetched += p.rows.length;
        for await (const p of c.costPages(START, new Date(Date.UTC(2026, 4, 1)))) fetched += p.rows.length;
      }),
    );
    const fetchMs = performance.now() - t0;

    t0 = performance.now();
    const first = await runProviderSync(systemContext(db), { trigger: "manual", now: NOW, clients: clients(), backfillDays: DAYS });
    const syncMs = performance.now() - t0;
    if (first?.status !== "ok") throw new Error(`sync failed: ${JSON.stringify(first?.providers)}`);
    const rows = first.rows;
    const pages = first.providers.reduce((n, p) => n + p.pages, 0);

    const totals = () =>
      queryRows<{ t: string }>(
        db,
        sql`select (select count(*) || ':' || sum(input_tokens) from provider_usage) || '/' || (select count(*) || ':' || sum(cost_usd) from provider_costs) as t`,
      );
    const before = await totals();
    await db.execute(sql`delete from provider_sync_state`);
    t0 = performance.now();
    await runProviderSync(systemContext(db), { trigger: "manual", now: NOW, clients: clients(), backfillDays: DAYS });
    const rerunMs = performance.now() - t0;
    const identical = JSON.stringify(await totals()) === JSON.stringify(before);

    t0 = performance.now();
    const inc = await runProviderSync(systemContext(db), { trigger: "schedule", now: NOW, clients: clients() });
    const incMs = performance.now() - t0;

    // Baseline: the same rows, postgres.js bulk INSERTs (same 4,000-row chunks) into empty copies of the tables.
    await db.execute(sql`create table bench_usage (like provider_usage including all)`);
    await db.execute(sql`create table bench_costs (like provider_costs including all)`);
    const usageRows = await queryRows<Record<string, unknown>>(db, sql`select * from provider_usage`);
    const costRows = await queryRows<Record<string, unknown>>(db, sql`select * from provider_costs`);
    const raw = postgres(bench.url, { max: 1, onnotice: () => {} });
    t0 = performance.now();
    for (const [table, list] of [
      ["bench_usage", usageRows],
      ["bench_costs", costRows],
    ] as const) {
      for (let i = 0; i < list.length; i += 4000)
        await raw`insert into ${raw(table)} ${raw(list.slice(i, i + 4000) as Record<string, string>[])}`;
    }
    const rawMs = performance.now() - t0;
    await raw.end();

    console.log(`\nfirst sync (backfill ${DAYS} days, both providers in parallel)`);
    console.log(`  rows stored      ${fmt(rows)} (${pages} pages)`);
    console.log(`  duration         ${secs(syncMs)}`);
    console.log(`  throughput       ${fmt(rows / (syncMs / 1000))} rows/s`);
    console.log(`baselines (same run, same rows)`);
    console.log(`  fetch + parse only        ${secs(fetchMs)} (${fmt(fetched / (fetchMs / 1000))} rows/s)`);
    console.log(`  raw bulk INSERT           ${secs(rawMs)} (${fmt(rows / (rawMs / 1000))} rows/s)`);
    console.log(`  sync ÷ raw INSERT         ${(syncMs / rawMs).toFixed(2)}× the time`);
    console.log(`  sync ÷ (fetch + INSERT)   ${(syncMs / (fetchMs + rawMs)).toFixed(2)}× the time`);
    console.log(`re-sync of the same ${DAYS} days: ${secs(rerunMs)}, totals identical: ${identical ? "yes" : "NO"}`);
    console.log(`incremental run (3-day overlap): ${secs(incMs)}, ${fmt(inc?.rows ?? 0)} rows`);
  } finally {
    await handle.close();
    await bench.drop();
    fakes.stop();
  }
}

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 200);
const TOOL_EVENTS = Number(process.env.BENCH_TOOL_EVENTS ?? 3);

async function codingTools() {
  // A first run reads the 90 whole days before now's day and now's day so far (lib/providers/sync-range.ts): the fakes
  // serve those 90 days, and now's day (2026-10-31, read by the sync too) is empty. The fetch-only baseline reads the
  // very same range.
  const now = new Date("2026-10-31T12:00:00Z");
  const range = syncRange(now, null, DAYS);
  const start = range.from;
  const [from, to] = [utcToday(range.from), utcToday(range.costTo)];
  const opts = { start: start.toISOString(), days: DAYS, people: PEOPLE, cursorEvents: TOOL_EVENTS };
  const keys = { claudeCode: "bench-claude", cursor: "bench-cursor", copilot: "bench-copilot" };
  const data = generateToolDataset({ ...opts, start });
  const expected = expectedToolTotals(data);
  console.log(
    `\ncoding tools: ${DAYS} days × ${PEOPLE} people; Claude Code ${fmt(expected.claudeLines)} actor-days, Cursor ${fmt(expected.cursorEvents)} events, Copilot ${fmt(data.copilot.length)} credit lines`,
  );
  const fakes = await startFakes<{ claudeCode: string; cursor: string; copilot: string }>(
    { ...opts, keys, org: "bench-org" },
    "scripts/test/fake-tools/serve.ts",
  );
  const sources = () => [
    claudeCodeSource({ apiKey: keys.claudeCode, baseUrl: fakes.claudeCode, trusted: true }),
    cursorSource({ apiKey: keys.cursor, baseUrl: fakes.cursor, trusted: true }),
    copilotSource({ apiKey: keys.copilot, baseUrl: fakes.copilot, org: "bench-org", trusted: true }),
  ];
  const bench = await createBenchDatabase("burnrate_benchtools", { durable: true });
  const handle = await openDb({ url: bench.url });
  const db = handle.db;
  try {
    // Fetch only: every vendor day over HTTP, parsed and converted, nothing stored (the three in parallel).
    let t0 = performance.now();
    const perSource: Record<string, { ms: number; lines: number }> = {};
    await Promise.all(
      sources().map(async (s) => {
        const s0 = performance.now();
        let lines = 0;
        await s.seats();
        for await (const day of s.days(from, to)) lines += day.usage.length + day.activity.length + day.charges.length;
        perSource[s.source] = { ms: performance.now() - s0, lines };
      }),
    );
    const fetchMs = performance.now() - t0;

    const run = (trigger: "manual" | "schedule", backfillDays?: number) =>
      runProviderSync(systemContext(db), { trigger, now, clients: [], sources: sources(), backfillDays });
    t0 = performance.now();
    const first = await run("manual", DAYS);
    const syncMs = performance.now() - t0;
    if (first?.status !== "ok") throw new Error(`tool sync failed: ${JSON.stringify(first?.providers.map((p) => p.error))}`);
    const events = first.providers.reduce((n, p) => n + p.usageRows, 0);
    const days = first.providers.reduce((n, p) => n + p.pages, 0);

    // Exact against the dataset: Cursor's list (every chargedCents) and metered (usage-based), Copilot's, Claude Code's.
    const [got] = await queryRows<Record<string, string>>(
      db,
      sql`select trim_scale(sum(list_cost_usd) filter (where tool = 'cursor'))::text as cursor_list,
          trim_scale(sum(cost_usd) filter (where tool = 'cursor'))::text as cursor_cost,
          trim_scale(sum(list_cost_usd) filter (where tool = 'claude-code'))::text as claude_list,
          sum(input_tokens) filter (where tool = 'claude-code')::text as claude_input,
          trim_scale(sum(list_cost_usd) filter (where tool = 'copilot'))::text as copilot_list,
          trim_scale(sum(cost_usd) filter (where tool = 'copilot'))::text as copilot_cost,
          count(*) filter (where tool = 'cursor')::text as cursor_events,
          (select trim_scale(sum(cost_usd))::text from provider_costs where provider = 'cursor') as cursor_charged
        from events`,
    );
    const want = {
      cursor_list: expected.cursorUsd,
      cursor_cost: expected.cursorOnDemandUsd,
      claude_list: expected.claudeUsd,
      claude_input: String(expected.claudeInputTokens),
      copilot_list: expected.copilotUsd,
      copilot_cost: expected.copilotBilledUsd,
      cursor_events: String(expected.cursorEvents),
      cursor_charged: expected.cursorOnDemandUsd,
    };
    if (Object.entries(want).some(([k, v]) => got?.[k] !== v))
      throw new Error(`synced ${JSON.stringify(got)}, dataset ${JSON.stringify(want)}`);

    const totals = () =>
      queryRows<{ t: string }>(
        db,
        sql`select (select count(*) || ':' || sum(cost_usd) || ':' || sum(list_cost_usd) || ':' || sum(input_tokens) from events)
          || '/' || (select count(*) || ':' || sum(lines_added) from tool_activity) || '/' || (select count(*) || ':' || sum(cost_usd) from provider_costs)
          || '/' || (select sum(requests) || ':' || sum(cost_usd) from event_rollup_daily) as t`,
      );
    const before = await totals();
    await db.execute(sql`delete from provider_sync_state`);
    t0 = performance.now();
    await run("manual", DAYS);
    const rerunMs = performance.now() - t0;
    const identical = JSON.stringify(await totals()) === JSON.stringify(before);

    t0 = performance.now();
    const inc = await run("schedule");
    const incMs = performance.now() - t0;

    // Baseline: the same events, postgres.js bulk INSERTs (1,000-row chunks: an event has ~40 columns, a statement at most
    // 65,534 parameters) into an empty copy of the table.
    await db.execute(sql`create table bench_events (like events including all)`);
    const rows = await queryRows<Record<string, unknown>>(db, sql`select * from events`);
    const raw = postgres(bench.url, { max: 1, onnotice: () => {} });
    t0 = performance.now();
    for (let i = 0; i < rows.length; i += 1000)
      await raw`insert into bench_events ${raw(rows.slice(i, i + 1000) as Record<string, string>[])}`;
    const rawMs = performance.now() - t0;
    await raw.end();

    console.log(`first sync (backfill ${DAYS} days, three vendors in parallel)`);
    console.log(
      `  events stored    ${fmt(events)} (${days} vendor-days: ${from} to ${to}, exclusive; plus activity rows and charge lines)`,
    );
    for (const p of first.providers)
      console.log(`    ${p.provider.padEnd(12)} ${fmt(p.usageRows)} events, ${fmt(p.costRows)} charge lines, ${p.pages} days`);
    console.log(`  duration         ${secs(syncMs)}`);
    console.log(
      `  throughput       ${fmt(events / (syncMs / 1000))} events/s, ${fmt((PEOPLE * DAYS * 3) / (syncMs / 1000))} person-days/s`,
    );
    console.log(`  checked against the dataset: yes (to the cent)`);
    console.log(`baselines (same run, same data)`);
    console.log(`  fetch + parse only        ${secs(fetchMs)} (three vendors in parallel)`);
    for (const [source, r] of Object.entries(perSource)) console.log(`    ${source.padEnd(12)} ${secs(r.ms)} (${fmt(r.lines)} lines)`);
    console.log(`  raw bulk INSERT of the events ${secs(rawMs)} (${fmt(rows.length / (rawMs / 1000))} rows/s)`);
    console.log(`  sync ÷ fetch only         ${(syncMs / fetchMs).toFixed(2)}× the time`);
    console.log(`  sync ÷ (fetch + INSERT)   ${(syncMs / (fetchMs + rawMs)).toFixed(2)}× the time`);
    console.log(`re-sync of the same ${DAYS} days: ${secs(rerunMs)}, totals identical: ${identical ? "yes" : "NO"}`);
    console.log(`incremental run (3-day overlap): ${secs(incMs)}, ${fmt(inc?.providers.reduce((n, p) => n + p.usageRows, 0) ?? 0)} events`);
    if (!identical) process.exitCode = 1;
  } finally {
    await handle.close();
    await bench.drop();
    fakes.stop();
  }
}

const only = process.env.BENCH_ONLY;
try {
  if (only !== "tools") await main();
  if (only !== "providers") await codingTools();
} catch (err) {
  console.error(err);
  process.exit(1);
}
