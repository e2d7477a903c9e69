/**
 * `npm run bench:partitions`: the cost of moving a populated install to monthly partitions, on real PostgreSQL.
 *
 * Loads BENCH_EVENTS (default 10,000,000) events over 90 days into an `events` table as it was before migration 0025
 * (one table, primary key id), applies 0025 (timed: it only creates the partitioned copy and the mirror trigger),
 * then runs the live conversion (lib/partitions/convert.ts) while a client keeps ingesting batches of 100 events
 * every 50 ms: prints the conversion's time and rows/s, how long the swap held `events` locked, and ingest's batch
 * latency before and during the conversion (p50/p99/max) with the ratio.
 *
 * Then retention (lib/partitions/retention.ts) drops the oldest whole month (September, about a third of the events)
 * with the same client ingesting: prints the rows dropped, how long the detach held `events` locked, the whole run
 * (the month's ids deleted from `event_ids` included) and ingest's latency meanwhile.
 *
 * Options (env): BENCH_EVENTS, BENCH_DATABASE_URL (a role that may CREATE DATABASE; default: a throwaway local
 * cluster), BENCH_KEEP=1 keeps the database and prints its URL, BENCH_EXISTING_DATABASE (a database this bench kept
 * before: only the retention part runs, on it).
 */
import postgres from "postgres";
import { type Db, openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { convertEvents } from "@/lib/partitions/convert";
import { applyRetention } from "@/lib/partitions/retention";
import { generateSql } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { makeEvent } from "./test/events";
import { migrateBefore } from "./test/migrations";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CHUNK = 500_000;
const NOW = new Date("2026-12-06T12:00:00Z");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A steady ingest client (batches of 100 new events every 50 ms, timed by phase) until `stop` is called. */
function ingestClient(db: Db) {
  let n = 0;
  let phase = "before";
  const latencies = new Map<string, number[]>();
  const done = (async () => {
    while (phase !== "stop") {
      const batch = Array.from({ length: 100 }, (_, i) =>
        makeEvent({ id: `live-${Date.now()}-${n}-${i}`, timestamp: "2026-11-30T10:00:00Z" }),
      );
      n++;
      const started = performance.now();
      await ingestEvents(systemContext(db), batch, NOW);
      const ms = performance.now() - started;
      latencies.set(phase, [...(latencies.get(phase) ?? []), ms]);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    phase: (p: string) => {
      phase = p;
    },
    stop: async () => {
      phase = "stop";
      await done;
    },
    latencies: (p: string) => [...(latencies.get(p) ?? [])].sort((a, b) => a - b),
  };
}

function line(label: string, sorted: number[]): number {
  console.log(
    `  ${label.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(1)} ms   p99 ${percentile(sorted, 99).toFixed(1)} ms   max ${(sorted.at(-1) ?? 0).toFixed(0)} ms   (${sorted.length} batches)`,
  );
  return percentile(sorted, 50);
}

async function convert(url: string): Promise<void> {
  await migrateBefore(url, "0025");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
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
  const handle = await openDb({ url, poolMax: 6 });
  const migrateMs = performance.now() - migrateStarted;
  const client = ingestClient(handle.db);
  await new Promise((r) => setTimeout(r, 10_000));
  client.phase("during");
  console.log("Converting (ingest running)…");
  const started = performance.now();
  const result = await convertEvents(handle.db);
  const seconds = (performance.now() - started) / 1000;
  await client.stop();
  await handle.close();
  if (!result.swapped) throw new Error("the conversion did not finish");

  console.log(`\nConverting ${TOTAL.toLocaleString("en-US")} events to monthly partitions (PostgreSQL)`);
  console.log(`  migration 0025                     ${migrateMs.toFixed(0)} ms (creates the copy and the mirror trigger)`);
  console.log(
    `  conversion                         ${seconds.toFixed(0)} s, ${Math.round(result.copied / seconds).toLocaleString("en-US")} rows/s`,
  );
  console.log(`  swap: events locked for           ${result.swapLockMs?.toFixed(0)} ms`);
  console.log("Ingest, batches of 100 events:");
  const before = line("before the conversion", client.latencies("before"));
  const during = line("during the conversion (and swap)", client.latencies("during"));
  console.log(`  ratio during / before (p50)        ${(during / before).toFixed(2)}`);
}

async function retention(url: string): Promise<void> {
  const handle = await openDb({ url, poolMax: 6 });
  const client = ingestClient(handle.db);
  await new Promise((r) => setTimeout(r, 5_000));
  client.phase("during");
  console.log("\nRetention (ingest running)…");
  const started = performance.now();
  // Two months kept before December: September goes.
  const result = await applyRetention(handle.db, NOW, 2);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1_000));
  await client.stop();
  await handle.close();
  console.log("Retention: the months before October dropped (PostgreSQL)");
  for (const d of result.dropped) {
    console.log(
      `  ${d.month.slice(0, 7)}                            ${d.rows.toLocaleString("en-US")} events; detach held events locked ${d.lockMs?.toFixed(0) ?? "—"} ms`,
    );
  }
  console.log(
    `  the whole run                      ${seconds.toFixed(1)} s (${result.ids.toLocaleString("en-US")} ids deleted from event_ids)`,
  );
  console.log("Ingest, batches of 100 events:");
  line("before", client.latencies("before"));
  line("during retention", client.latencies("during"));
}

async function main() {
  const existing = process.env.BENCH_EXISTING_DATABASE;
  if (existing) return retention(existing);
  const bench = await createBenchDatabase("burnrate_partitions", { durable: true });
  try {
    await convert(bench.url);
    await retention(bench.url);
    if (process.env.BENCH_KEEP) console.log(`\nKept: ${bench.url}`);
  } finally {
    if (!process.env.BENCH_KEEP) await bench.drop();
  }
}

await main();
