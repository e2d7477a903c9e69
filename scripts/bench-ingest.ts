/**
 * `npm run bench:ingest`: N concurrent HTTP clients post batches of 500 realistic events to the built server
 * on real PostgreSQL; prints events/s and p50/p99 batch latency, then, in the same run, the rate of a raw
 * COPY of the very same rows into the same table (same indexes), and the ratio.
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
const TRUNCATE = `truncate events, ${ROLLUPS.map((r) => r.table).join(", ")}, session_monthly, session_monthly_totals`;

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

async function main() {
  const db = await createBenchDatabase("burnrate_bench", { durable: true });
  const handle = await openDb({ url: db.url });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest"] });
  await handle.close();

  console.log(`Preparing ${TOTAL.toLocaleString("en-US")} events in batches of ${BATCH}…`);
  const bodies = buildBodies();
  console.log("Starting the server…");
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
    const httpRate = accepted / seconds;

    console.log("COPY of the same rows…");
    // Raw COPY of the very same stored rows into the same (emptied) table, same indexes.
    // psql's \copy streams the rows through the client protocol, as any loader would.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "burnrate-copy-")), "events.copy");
    psql(db.url, `\\copy events to '${file}'`);
    await sql.unsafe(TRUNCATE);
    const copyStarted = performance.now();
    psql(db.url, `\\copy events from '${file}'`);
    const copySeconds = (performance.now() - copyStarted) / 1000;
    rmSync(path.dirname(file), { recursive: true, force: true });
    const copyRate = accepted / copySeconds;

    console.log(
      `\nIngest over HTTP (${CLIENTS} clients, batches of ${BATCH}, PostgreSQL, events, ${ROLLUPS.length} daily rollups and per-session totals in one statement)`,
    );
    console.log(`  events stored       ${accepted.toLocaleString("en-US")} in ${seconds.toFixed(2)} s`);
    console.log(`  throughput          ${Math.round(httpRate).toLocaleString("en-US")} events/s   (target ≥ 25,000)`);
    console.log(`  batch latency       p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms`);
    console.log(`Raw COPY of the same rows into the same table`);
    console.log(`  throughput          ${Math.round(copyRate).toLocaleString("en-US")} rows/s (${copySeconds.toFixed(2)} s)`);
    console.log(`  ratio HTTP / COPY   ${(httpRate / copyRate).toFixed(2)}`);
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

await main();
