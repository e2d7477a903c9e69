/**
 * `npm run bench:ingest`: N concurrent HTTP clients post batches of 500 realistic events to the built server
 * on real PostgreSQL; prints events/s and p50/p99 batch latency, then, in the same run, the rate of a raw
 * COPY of the very same rows into the same table (same indexes), and the ratio. Then the same posts once more into
 * a database whose `events` is the one table it was before migration 0025 (primary key `id`, no partitions), and
 * the ratio of the two: what partitioning by month costs ingest.
 *
 * Options (env): BENCH_EVENTS (default 300000), BENCH_CLIENTS (4), BENCH_BATCH (500), BENCH_INSTANCES (2: one more
 * run with two app instances on the one database), BENCH_PGLITE=1 (one more run on embedded PGlite),
 * BENCH_DATABASE_URL (a Postgres role that may CREATE DATABASE; default: a throwaway local cluster),
 * BENCH_FOLD_SECONDS=N (runs with the screen aggregates folded every N seconds during the posts, against runs with
 * the fold job idle, alternated BENCH_FOLD_REPEAT times (default 2): today's ~110 k events stored first, the posted
 * events all of today, as on a busy day when the fold recomputes the day and week being written; BENCH_FOLD_ONLY=1
 * runs only these).
 * Needs `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { ensureEventPartitions } from "@/lib/partitions/maintain";
import { ROLLUPS } from "@/lib/spend/rollups";
import { createBenchDatabase } from "./bench/database";
import { generateDemoEvents } from "./demo/generate";
import { type RunningServer, startServer, tempDir } from "./test/server";

function psql(dbUrl: string, command: string): void {
  const r = spawnSync("psql", [dbUrl, "-v", "ON_ERROR_STOP=1", "-qc", command], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error}`);
}

const TOTAL = Number(process.env.BENCH_EVENTS ?? 300_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
/** Extra node flags for the server, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** BENCH_INSTANCES=2: one more run with that many app instances on the one database. */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
/** BENCH_PGLITE=1: one more run on embedded PGlite. */
const WITH_PGLITE = process.env.BENCH_PGLITE === "1";
/** BENCH_FOLD_SECONDS=N: runs with the fold job every N seconds against runs with it idle. */
const FOLD_SECONDS = process.env.BENCH_FOLD_SECONDS ? Number(process.env.BENCH_FOLD_SECONDS) : null;
const FOLD_REPEAT = Number(process.env.BENCH_FOLD_REPEAT ?? 2);
/** BENCH_FOLD_ONLY=1: only the fold runs. */
const FOLD_ONLY = FOLD_SECONDS !== null && process.env.BENCH_FOLD_ONLY === "1";
/** Events of today stored before the fold runs' posts (a 10 M / 90-day install's day). */
const FOLD_DAY_EVENTS = 110_000;

/** The events and every table ingest maintains beside them. */
const TRUNCATE = `truncate events, event_ids, ${ROLLUPS.map((r) => r.table).join(", ")}, session_monthly, session_monthly_totals`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Realistic events: the demo generator's mix (models, tags, cache, plans), renumbered to reach TOTAL. */
function buildBodies(opts: { today?: boolean } = {}): string[] {
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const bodies: string[] = [];
  let batch: unknown[] = [];
  let n = 0;
  for (let round = 0; n < TOTAL; round++) {
    for (const e of generateDemoEvents({ now, seed: 1000 + round })) {
      // Today: the same time of day (earlier than now), today's date: the day the fold recomputes.
      const at = opts.today ? Math.min(Date.now(), midnight + (Date.parse(e.timestamp) % 86_400_000)) : null;
      batch.push({ ...e, id: `bench-${n}`, ...(at === null ? {} : { timestamp: new Date(at).toISOString() }) });
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
  /** Fold runs during the posts and the seconds they took (BENCH_FOLD_SECONDS runs). */
  folds?: { count: number; seconds: number };
}

interface RunOptions {
  /** SQL run on the migrated database before the server starts. */
  prepare?: string;
  /** Embedded PGlite (one instance) instead of PostgreSQL. */
  pglite?: boolean;
  /** App instances on the one database (clients take them in turn). */
  instances?: number;
  /** Environment for the server(s), e.g. the evaluation interval. */
  env?: Record<string, string>;
  /** Events stored in process after the warm-up (and folded), before the posts. */
  preload?: string[];
}

/** A fresh database, the server(s) on it, and every batch posted by CLIENTS clients. */
async function ingestRun(bodies: string[], opts: RunOptions, after?: (url: string, run: Run) => Promise<void>): Promise<Run> {
  const pgliteDir = opts.pglite ? tempDir("burnrate-bench-pglite-") : null;
  const db = pgliteDir ? null : await createBenchDatabase("burnrate_bench", { durable: true });
  const handle = await openDb(db ? { url: db.url } : { dataDir: pgliteDir?.dir });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest"] });
  if (pgliteDir) {
    // PGlite is one process: give the posted months their partitions now, from events of the same months.
    const months = JSON.parse(bodies[0] as string).events.map((e: { id: string }) => ({ ...e, id: `months-${e.id}` }));
    await ingestEvents(systemContext(handle.db), months);
    await ensureEventPartitions(handle.db);
  }
  await handle.close();
  if (db && opts.prepare) psql(db.url, opts.prepare);
  const env: Record<string, string> = db
    ? { DATABASE_URL: db.url, BURNRATE_DB_POOL_MAX: String(Math.max(10, CLIENTS + 2)), ...opts.env }
    : { BURNRATE_DATA_DIR: pgliteDir?.dir as string };
  const servers: RunningServer[] = [];
  for (let i = 0; i < (opts.instances ?? 1); i++) servers.push(await startServer(env, NODE_ARGS));
  const sql = db ? postgres(db.url, { max: 2, onnotice: () => {} }) : null;
  try {
    const post = async (body: string, client = 0) => {
      const server = servers[client % servers.length] as RunningServer;
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
    for (const [i, b] of warm.entries()) await post(b, i);
    if (db && !opts.prepare) {
      // A running install has a partition for every month it holds: give the posted months theirs now (from the
      // warm-up's events), as the job runner would, rather than measure the default partition.
      const h = await openDb({ url: db.url });
      await ensureEventPartitions(h.db);
      await h.close();
    }
    if (sql) await sql.unsafe(TRUNCATE);
    if (db && opts.preload) {
      // Today's events so far, folded: the fold during the posts recomputes the day and week they grow.
      const h = await openDb({ url: db.url });
      for (const body of opts.preload) await ingestEvents(systemContext(h.db), JSON.parse(body).events);
      await foldAggregates(h.db);
      await h.close();
    }

    console.log(`Posting ${bodies.length} batches from ${CLIENTS} clients…`);
    const latencies: number[] = [];
    let next = 0;
    let accepted = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const t0 = performance.now();
          const stored = await post(body, client);
          accepted += stored;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const run: Run = { accepted, seconds, rate: accepted / seconds, latencies };
    if (sql && opts.env?.BURNRATE_EVAL_INTERVAL_SECONDS) {
      // The folds that ran while the batches were posted (pg-boss keeps each run's start and end).
      const [f] = await sql.unsafe<{ n: number; busy: number }[]>(
        `select count(*)::int as n, coalesce(sum(extract(epoch from least(completed_on, now()) - greatest(started_on, now() - make_interval(secs => $1)))), 0)::float8 as busy
         from pgboss.job where name = 'aggregates-fold' and started_on is not null and completed_on > now() - make_interval(secs => $1)`,
        [seconds],
      );
      run.folds = { count: f?.n ?? 0, seconds: f?.busy ?? 0 };
    }
    if (db) await after?.(db.url, run);
    return run;
  } finally {
    await sql?.end();
    for (const server of servers) await server.stop();
    await db?.drop();
    pgliteDir?.remove();
  }
}

async function main() {
  console.log(`Preparing ${TOTAL.toLocaleString("en-US")} events in batches of ${BATCH}…`);
  const bodies = buildBodies();
  let copy = { rate: 0, seconds: 0 };
  const partitioned = FOLD_ONLY
    ? null
    : await ingestRun(bodies, {}, async (url, run) => {
        console.log("COPY of the same rows…");
        // Raw COPY of the very same stored rows into the same (emptied) table, same indexes.
        // psql's \copy streams the rows through the client protocol, as any loader would.
        const file = path.join(mkdtempSync(path.join(os.tmpdir(), "burnrate-copy-")), "events.copy");
        psql(url, `\\copy (select * from events) to '${file}'`);
        psql(url, TRUNCATE);
        const copyStarted = performance.now();
        psql(url, `\\copy events from '${file}'`);
        copy = { seconds: (performance.now() - copyStarted) / 1000, rate: 0 };
        copy.rate = run.accepted / copy.seconds;
        rmSync(path.dirname(file), { recursive: true, force: true });
      });
  if (!FOLD_ONLY) console.log("The same posts into one unpartitioned events table (before migration 0025)…");
  const single = FOLD_ONLY ? null : await ingestRun(bodies, { prepare: UNPARTITION });
  const twoInstances = INSTANCES > 1 && !FOLD_ONLY ? await ingestRun(bodies, { instances: INSTANCES }) : null;
  const pglite = WITH_PGLITE && !FOLD_ONLY ? await ingestRun(bodies, { pglite: true }) : null;
  const foldRuns: { idle: Run[]; folding: Run[] } = { idle: [], folding: [] };
  if (FOLD_SECONDS) {
    const today = buildBodies({ today: true });
    const day = today.slice(0, Math.ceil(FOLD_DAY_EVENTS / BATCH)).map((b) => b.replaceAll('"id":"bench-', '"id":"day-'));
    for (let i = 0; i < FOLD_REPEAT; i++) {
      for (const folding of i % 2 === 0 ? [false, true] : [true, false]) {
        console.log(`Today's posts with the fold job ${folding ? `every ${FOLD_SECONDS} s` : "idle"} (${i + 1}/${FOLD_REPEAT})…`);
        const env = { BURNRATE_EVAL_INTERVAL_SECONDS: String(folding ? FOLD_SECONDS : 3600) };
        foldRuns[folding ? "folding" : "idle"].push(await ingestRun(today, { env, preload: day }));
      }
    }
  }

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
  if (partitioned && single) {
    line("events partitioned by month, ids in event_ids (now)", partitioned);
    line("one events table, primary key id (before 0025)", single);
    console.log(`  ratio partitioned / one table   ${(partitioned.rate / single.rate).toFixed(2)}   (target ≥ 0.90)`);
  }
  if (twoInstances) line(`${INSTANCES} app instances on the one PostgreSQL (partitioned)`, twoInstances);
  if (pglite) line("embedded PGlite, one instance (partitioned)", pglite);
  if (FOLD_SECONDS) {
    console.log(`  today's events onto a day of ${FOLD_DAY_EVENTS.toLocaleString("en-US")}, runs alternated:`);
    const rates = (rs: Run[]) => rs.map((r) => Math.round(r.rate).toLocaleString("en-US")).join(", ");
    console.log(`    fold job idle                 ${rates(foldRuns.idle)} events/s`);
    const label = `    fold job every ${FOLD_SECONDS} s`.padEnd(34);
    console.log(`${label}${rates(foldRuns.folding)} events/s`);
    for (const r of foldRuns.folding)
      console.log(
        `      ${r.folds?.count ?? 0} folds during the posts, ${(r.folds?.seconds ?? 0).toFixed(1)} s of ${r.seconds.toFixed(1)} s`,
      );
    const mean = (rs: Run[]) => rs.reduce((a, r) => a + r.rate, 0) / Math.max(1, rs.length);
    console.log(`  ratio folding / idle   ${(mean(foldRuns.folding) / mean(foldRuns.idle)).toFixed(2)}   (target ≥ 0.90)`);
  }
  if (!partitioned) return;
  console.log(`Raw COPY of the same rows into the same partitioned table`);
  console.log(`  throughput          ${Math.round(copy.rate).toLocaleString("en-US")} rows/s (${copy.seconds.toFixed(2)} s)`);
  console.log(`  ratio HTTP / COPY   ${(partitioned.rate / copy.rate).toFixed(2)}`);
}

await main();
