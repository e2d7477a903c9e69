/**
 * `npm run bench:sync`: a first connection's 90-day backfill from both fake providers (hourly buckets × 50 models,
 * real HTTP, every page followed) into real PostgreSQL, timed end to end; then the same 90 days re-read (idempotent
 * replace) and an incremental run (3-day overlap). Baselines in the same run: fetching and parsing every page with no
 * database work, and a raw postgres.js bulk INSERT of the very same rows into empty copies of the tables.
 *
 * Options (env): BENCH_MODELS (default 50), BENCH_DAYS (90), BENCH_DATABASE_URL (a role that may CREATE DATABASE;
 * default: a throwaway local cluster).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDb, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { anthropicClient } from "@/lib/providers/anthropic/client";
import { openAiClient } from "@/lib/providers/openai/client";
import { runProviderSync } from "@/lib/providers/run-sync";
import { createBenchDatabase } from "./bench/database";

/** The fakes run in a child process, as a real provider would be elsewhere: their JSON building is not the sync's cost. */
async function startFakes(options: object): Promise<{ openai: string; anthropic: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/test/fake-providers/serve.ts", JSON.stringify(options)], {
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
  const fakes = await startFakes({ start: START.toISOString(), days: DAYS, models, key: "bench" });
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
