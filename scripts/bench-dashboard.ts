/**
 * `npm run bench:dashboard`: loads realistic events into real PostgreSQL (1 M, then up to 10 M, over 90 days,
 * generated in SQL) with the daily rollup ingest maintains, then measures p50/p95 of the Overview, an explorer
 * query (this month, grouped by team and model) and `GET /api/v1/spend` for the month over HTTP — and, in the
 * same run, the same answers from a plain GROUP BY over the raw events.
 *
 * Options (env): BENCH_SIZES (default "1000000,10000000"), BENCH_RUNS (20), BENCH_DATABASE_URL (a role that may
 * CREATE DATABASE; default: a throwaway local cluster). Needs `npm run build` first.
 */
import postgres from "postgres";
import { openDb } from "@/db/client";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { getOverview, getOverviewSessions } from "@/lib/overview/get-overview";
import { refreshSessionDays } from "@/lib/sessions/refresh-session-days";
import { listSpend } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { generateSql, rollupSql } from "./bench/dashboard-data";
import { startThrowawayPostgres } from "./test/postgres-cluster";
import { freePort, startServer } from "./test/server";

const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CHUNK = 1_000_000;

async function time<T>(fn: () => Promise<T>): Promise<{ p50: number; p95: number; result: T }> {
  let result = await fn();
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] ?? 0;
  return { p50: at(50), p95: at(95), result };
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;

async function main() {
  let admin = process.env.BENCH_DATABASE_URL;
  let stopPg: (() => void) | undefined;
  if (!admin) {
    const pg = startThrowawayPostgres({ port: await freePort() });
    admin = pg.url;
    stopPg = pg.stop;
  }
  const adminSql = postgres(admin, { max: 1, onnotice: () => {} });
  const dbName = `burnrate_benchdash_${Date.now()}`;
  await adminSql.unsafe(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const handle = await openDb({ url: url.toString(), poolMax: 8 });
  const ctx = systemContext(handle.db);
  const { key } = await createApiKey(handle.db, { name: "bench", scopes: ["read"] });
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const now = new Date();
  const end = now.toISOString();
  const today = end.slice(0, 10);
  const month: SpendInput = { from: `${today.slice(0, 8)}01`, to: today, groupBy: [], interval: "none", filters: {} };
  const explorer: SpendInput = { ...month, groupBy: ["team", "model"] };
  const server = await startServer({ DATABASE_URL: url.toString() });
  const summary: { size: number; rows: Record<string, { p50: number; p95: number }> }[] = [];
  try {
    let loaded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      for (let from = loaded + 1; from <= size; from += CHUNK) {
        const to = Math.min(size, from + CHUNK - 1);
        await sql.unsafe(generateSql(from, to, end));
        await sql.unsafe(rollupSql(`id >= 'b' and "timestamp" is not null and substr(id, 2)::bigint between ${from} and ${to}`));
        process.stdout.write(`\rLoading: ${to.toLocaleString("en-US")} events`);
      }
      loaded = size;
      await sql`vacuum analyze events`;
      await sql`vacuum analyze event_rollup_daily`;
      const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from event_rollup_daily`;
      console.log(
        `\rLoaded ${size.toLocaleString("en-US")} events (${n.toLocaleString("en-US")} rollup rows) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );

      const cold = performance.now();
      const computed = await refreshSessionDays(handle.db, month.from, today);
      console.log(
        `Per-session day totals computed for ${computed.length} stale days in ${((performance.now() - cold) / 1000).toFixed(1)} s (once; later reads only check)`,
      );
      const rows: Record<string, { p50: number; p95: number }> = {};
      const rollupMonth = await time(() => listSpend(ctx, month));
      const rawMonth = await time(() => listSpend(ctx, month, { forceRaw: true }));
      const rollupExplorer = await time(() => listSpend(ctx, explorer));
      const rawExplorer = await time(() => listSpend(ctx, explorer, { forceRaw: true }));
      if (JSON.stringify(rollupExplorer.result) !== JSON.stringify(rawExplorer.result)) throw new Error("rollup and raw disagree");
      const api = await time(async () => {
        const res = await fetch(`${server.url}/api/v1/spend?group_by=team,model`, { headers: { authorization: `Bearer ${key}` } });
        if (res.status !== 200) throw new Error(`spend API ${res.status}`);
        return res.text();
      });
      const overview = await time(() => getOverview(ctx, now));
      const sessions = await time(() => getOverviewSessions(ctx, now));
      Object.assign(rows, {
        "month totals (rollup)": rollupMonth,
        "month totals (raw GROUP BY)": rawMonth,
        "explorer: team × model (rollup)": rollupExplorer,
        "explorer: team × model (raw GROUP BY)": rawExplorer,
        "GET /api/v1/spend month team × model (HTTP)": api,
        "Overview figures (all rollup queries, parallel)": overview,
        "Overview sessions panel (streamed separately)": sessions,
      });
      console.log(`\n${size.toLocaleString("en-US")} events — p50 / p95 over ${RUNS} runs`);
      for (const [name, r] of Object.entries(rows)) console.log(`  ${name.padEnd(46)} ${fmt(r.p50)} ${fmt(r.p95)}`);
      console.log(
        `  speed-up of the rollup over raw GROUP BY      month ${(rawMonth.p50 / rollupMonth.p50).toFixed(0)}×, explorer ${(rawExplorer.p50 / rollupExplorer.p50).toFixed(0)}×`,
      );
      summary.push({ size, rows });
    }
    if (summary.length >= 2) {
      const [a, b] = [summary[0], summary.at(-1)];
      console.log(`\nGrowth ${a?.size.toLocaleString("en-US")} → ${b?.size.toLocaleString("en-US")} events (p95 ratio; target < 2×)`);
      for (const name of Object.keys(a?.rows ?? {})) {
        console.log(`  ${name.padEnd(46)} ${((b?.rows[name]?.p95 ?? 0) / (a?.rows[name]?.p95 ?? 1)).toFixed(2)}×`);
      }
    }
  } finally {
    await server.stop();
    await sql.end();
    await handle.close();
    await adminSql.unsafe(`drop database if exists ${dbName} with (force)`);
    await adminSql.end();
    stopPg?.();
  }
}

await main();
