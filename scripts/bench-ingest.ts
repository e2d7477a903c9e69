/**
 * `npm run bench:ingest`: N concurrent HTTP clients post batches of 500 realistic events to the built server
 * on real PostgreSQL; prints events/s and p50/p99 batch latency, then, in the same run, the rate of a raw
 * COPY of the very same rows into the same table (same indexes), and the ratio. Then the same posts once more into
 * a database whose `events` is the one table it was before migration 0025 (primary key `id`, no partitions), and
 * the ratio of the two: what partitioning by month costs ingest.
 *
 * Options (env): BENCH_EVENTS (default 300000), BENCH_CLIENTS (4), BENCH_BATCH (500),
 * BENCH_DATABASE_URL (a Postgres role that may CREATE DATABASE; default: a throwaway local cluster).
 * Needs `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureEventPartitions } from "@/lib/partitions/maintain";
import { ROLLUPS } from "@/lib/spend/rollups";
import { createBenchDatabase } from "./bench/database";
import { generateDemoEvents } from "./demo/generate";
import { startServer } from "./test/server";

function psql(dbUrl: string, command: string): void {
  const r = spawnSync("psql", [dbUrl, "-v", "ON_ERROR_STOP=1", "-qc", command], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error}`);
}

const TOTAL = Number(process.env.BENCH_EVENTS ?? 300_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
/** Extra node flags for the server, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);

/** The events and every table ingest maintains beside them. */
const TRUNCATE = `truncate events, event_ids, ${ROLLUPS.map((r) => r.table).join(", ")}, session_monthly, session_monthly_totals`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Realistic events: the demo generator's mix (models, tags, cache, plans), renumbered to reach TOTAL. */
function buildBodies(): string[] {
  const now = new Date();
  const bodies: string[] = [];
  let batch: unknown[] = [];
  let n = 0;
  for (let round = 0; n < TOTAL; round++) {
    for (const e of generateDemoEvents({ now, seed: 1000 + round })) {
      batch.push({ ...e, id: `bench-${n}` });
      n++;
      if (batch.length === BATCH) {
        bodies.push(JSON.stringify({ events: batch }));
        batch = [];
      }
      if (n >= TOTAL) break;
    }
  }
  if (batch.length) bodies.push(JSON.stringify({ events: batch }));
  return bodies;
}

/** Turns a migrated database's partitioned `events` back into the one table it was before 0025 (same indexes). */
const UNPARTITION = `
  alter table events rename to events_partitioned;
  create table events (like events_partitioned including defaults including indexes);
  alter table events drop constraint events_pkey, add primary key (id);
  drop table events_partitioned;`;

interface Run {
  accepted: number;
  seconds: number;
  rate: number;
  latencies: number[];
}

/** A fresh database (prepared by `prepare`), the server on it, and every batch posted by CLIENTS clients. */
async function ingestRun(bodies: string[], prepare: string | null, after?: (url: string, run: Run) => Promise<void>): Promise<Run> {
  const db = await createBenchDatabase("burnrate_bench", { durable: true });
  const handle = await openDb({ url: db.url });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest"] });
  await handle.close();
  if (prepare) psql(db.url, prepare);
  const server = await startServer({ DATABASE_URL: db.url, BURNRATE_DB_POOL_MAX: String(Math.max(10, CLIENTS + 2)) }, NODE_ARGS);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  try {
    const post = async (body: string) => {
      const res = await fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body,
      });
      const json = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
      if (res.status !== 200 || json.rejected.length) throw new Error(`batch failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json.accepted;
    };
    console.log("Warming up…");
    // Warm up the server (JIT, connection pool, price lookups) on events that are deleted again.
    const warm = bodies.slice(0, Math.min(20, bodies.length)).map((b) => b.replaceAll('"id":"bench-', '"id":"warm-'));
    for (const b of warm) await post(b);
    if (!prepare) {
      // A running install has a partition for every month it holds: give the posted months theirs now (from the
      // warm-up's events), as the job runner would, rather than measure the default partition.
      const h = await openDb({ url: db.url });
      await ensureEventPartitions(h.db);
      await h.close();
    }
    await sql.unsafe(TRUNCATE);

    console.log(`Posting ${bodies.length} batches from ${CLIENTS} clients…`);
    const latencies: number[] = [];
    let next = 0;
    let accepted = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const t0 = performance.now();
          const stored = await post(body);
          accepted += stored;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const run = { accepted, seconds, rate: accepted / seconds, latencies };
    await after?.(db.url, run);
    return run;
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

async function main() {
  console.log(`Preparing ${TOTAL.toLocaleString("en-US")} events in batches of ${BATCH}…`);
  const bodies = buildBodies();
  let copy = { rate: 0, seconds: 0 };
  const partitioned = await ingestRun(bodies, null, async (url, run) => {
    console.log("COPY of the same rows…");
    // Raw COPY of the very same stored rows into the same (emptied) table, same indexes.
    // psql's \copy streams the rows through the client protocol, as any loader would.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "burnrate-copy-")), "events.copy");
    psql(url, `\\copy events to '${file}'`);
    psql(url, TRUNCATE);
    const copyStarted = performance.now();
    psql(url, `\\copy events from '${file}'`);
    copy = { seconds: (performance.now() - copyStarted) / 1000, rate: 0 };
    copy.rate = run.accepted / copy.seconds;
    rmSync(path.dirname(file), { recursive: true, force: true });
  });
  console.log("The same posts into one unpartitioned events table (before migration 0025)…");
  const single = await ingestRun(bodies, UNPARTITION);

  const line = (label: string, r: Run) => {
    console.log(`  ${label}`);
    console.log(`    events stored     ${r.accepted.toLocaleString("en-US")} in ${r.seconds.toFixed(2)} s`);
    console.log(`    throughput        ${Math.round(r.rate).toLocaleString("en-US")} events/s   (target ≥ 25,000)`);
    console.log(
      `    batch latency     p50 ${percentile(r.latencies, 50).toFixed(1)} ms   p99 ${percentile(r.latencies, 99).toFixed(1)} ms`,
    );
  };
  console.log(
    `\nIngest over HTTP (${CLIENTS} clients, batches of ${BATCH}, PostgreSQL, events, ${ROLLUPS.length} daily rollups and per-session totals in one statement)`,
  );
  line("events partitioned by month, ids in event_ids (now)", partitioned);
  line("one events table, primary key id (before 0025)", single);
  console.log(`  ratio partitioned / one table   ${(partitioned.rate / single.rate).toFixed(2)}   (target ≥ 0.90)`);
  console.log(`Raw COPY of the same rows into the same partitioned table`);
  console.log(`  throughput          ${Math.round(copy.rate).toLocaleString("en-US")} rows/s (${copy.seconds.toFixed(2)} s)`);
  console.log(`  ratio HTTP / COPY   ${(partitioned.rate / copy.rate).toFixed(2)}`);
}

await main();
