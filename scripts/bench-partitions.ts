/**
 * `npm run bench:partitions`: the cost of moving a populated install to monthly partitions, on real PostgreSQL.
 *
 * Loads BENCH_EVENTS (default 10,000,000) events over 90 days into an `events` table as it was before migration 0025
 * (one table, primary key id), applies 0025 (timed: it only creates the partitioned copy and the mirror trigger),
 * then runs the live conversion (lib/partitions/convert.ts) while a client keeps ingesting batches of 100 events
 * every 50 ms: prints the conversion's time and rows/s, how long the swap held `events` locked, and ingest's batch
 * latency before and during the conversion (p50/p99/max) with the ratio.
 *
 * Options (env): BENCH_EVENTS, BENCH_DATABASE_URL (a role that may CREATE DATABASE; default: a throwaway local
 * cluster), BENCH_KEEP=1 keeps the database and prints its URL (for bench:retention).
 */
import postgres from "postgres";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { convertEvents } from "@/lib/partitions/convert";
import { generateSql } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { makeEvent } from "./test/events";
import { migrateBefore } from "./test/migrations";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CHUNK = 500_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const bench = await createBenchDatabase("burnrate_partitions", { durable: true });
  try {
    await migrateBefore(bench.url, "0025");
    const sql = postgres(bench.url, { max: 1, onnotice: () => {} });
    const loadStarted = performance.now();
    for (let from = 1; from <= TOTAL; from += CHUNK) {
      const to = Math.min(TOTAL, from + CHUNK - 1);
      await sql.unsafe(generateSql(from, to, "2026-12-01T00:00:00Z"));
      process.stdout.write(`\rLoading the unpartitioned table: ${to.toLocaleString("en-US")} events`);
    }
    await sql.unsafe("vacuum analyze events");
    await sql.end();
    console.log(`  (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`);

    const migrateStarted = performance.now();
    const handle = await openDb({ url: bench.url, poolMax: 6 });
    const migrateMs = performance.now() - migrateStarted;
    const db = handle.db;

    // A steady ingest client: batches of 100 new events every 50 ms, timed.
    let n = 0;
    const state = { phase: "before" as "before" | "during" | "stop" };
    const latencies = { before: [] as number[], during: [] as number[] };
    const client = (async () => {
      while (state.phase !== "stop") {
        const batch = Array.from({ length: 100 }, (_, i) => makeEvent({ id: `live-${n}-${i}`, timestamp: "2026-11-30T10:00:00Z" }));
        n++;
        const started = performance.now();
        await ingestEvents(systemContext(db), batch, new Date("2026-12-01T00:00:00Z"));
        const ms = performance.now() - started;
        if (state.phase === "before") latencies.before.push(ms);
        else if (state.phase === "during") latencies.during.push(ms);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 10_000));
    state.phase = "during";
    console.log("Converting (ingest running)…");
    const started = performance.now();
    const result = await convertEvents(db);
    const seconds = (performance.now() - started) / 1000;
    state.phase = "stop";
    await client;
    if (!result.swapped) throw new Error("the conversion did not finish");

    const line = (label: string, xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(34)} p50 ${percentile(s, 50).toFixed(1)} ms   p99 ${percentile(s, 99).toFixed(1)} ms   max ${(s.at(-1) ?? 0).toFixed(0)} ms   (${s.length} batches)`,
      );
      return percentile(s, 50);
    };
    console.log(`\nConverting ${TOTAL.toLocaleString("en-US")} events to monthly partitions (PostgreSQL)`);
    console.log(`  migration 0025                     ${migrateMs.toFixed(0)} ms (creates the copy and the mirror trigger)`);
    console.log(
      `  conversion                         ${seconds.toFixed(0)} s, ${Math.round(result.copied / seconds).toLocaleString("en-US")} rows/s`,
    );
    console.log(`  swap: events locked for           ${result.swapLockMs?.toFixed(0)} ms`);
    console.log("Ingest, batches of 100 events:");
    const before = line("before the conversion", latencies.before);
    const during = line("during the conversion (and swap)", latencies.during);
    console.log(`  ratio during / before (p50)        ${(during / before).toFixed(2)}`);
    await handle.close();
    if (process.env.BENCH_KEEP) console.log(`\nKept: ${bench.url}`);
  } finally {
    if (!process.env.BENCH_KEEP) await bench.drop();
  }
}

await main();
