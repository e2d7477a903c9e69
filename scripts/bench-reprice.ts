/**
 * `npm run bench:reprice`: a negotiated price for one model, from the first of a month holding BENCH_EVENTS
 * (default 3,000,000) events, repriced over HTTP on the production build: the preview's time, the job's time and
 * events/s (every event of the model updated with its rollups and session totals, batch by batch), against
 * PostgreSQL's own `update` of the same rows' costs alone (no aggregates, one statement: the floor). Then a second
 * price from the month's second day, repriced while 4 clients ingest today's events (batches of 500) over HTTP: the
 * job's time then, and ingest's rate during the job against its rate alone in the same run.
 *
 * BENCH_EVENTS, BENCH_MODEL (default gpt-5-codex, ~15 % of the events), BENCH_DATABASE_URL (a role that may
 * CREATE DATABASE; default: a throwaway local cluster). Needs `npm run build` first.
 */
import postgres from "postgres";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { loadEvents } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { generateDemoEvents } from "./demo/generate";
import { SERVER_NODE_ARGS, startServer } from "./test/server";

const TOTAL = Number(process.env.BENCH_EVENTS ?? 3_000_000);
const MODEL = process.env.BENCH_MODEL ?? "gpt-5-codex";
const MONTH_START = "2026-10-01";
const MONTH_END = "2026-11-01";
const CLIENTS = 4;
const BATCH = 500;
const BASELINE_SECONDS = 20;
const POOL = 100;

/** Today's events (the demo's mix) in batches, generated once; `@@` in each id is replaced per use, so every post is new events. */
function bodyPool(): string[] {
  const pool: string[] = [];
  let batch: unknown[] = [];
  let n = 0;
  for (const e of generateDemoEvents({ now: new Date(), seed: 5000 })) {
    batch.push({ ...e, id: `@@-${n++}` });
    if (batch.length === BATCH) {
      pool.push(JSON.stringify({ events: batch }));
      batch = [];
      if (pool.length === POOL) break;
    }
  }
  return pool;
}

async function main() {
  const db = await createBenchDatabase("burnrate_benchreprice", { durable: true });
  const handle = await openDb({ url: db.url, poolMax: 2 });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest", "admin"] });
  await handle.close();
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  const server = await startServer({ DATABASE_URL: db.url, BURNRATE_DB_POOL_MAX: "12" }, SERVER_NODE_ARGS);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  const pool = bodyPool();
  let uses = 0;
  /** Posts batches from `CLIENTS` clients until `until()` says stop; events stored per second. */
  const ingest = async (until: () => boolean) => {
    let stored = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (!until()) {
          const use = uses++;
          const body = (pool[use % POOL] as string).replaceAll('"id":"@@-', `"id":"u${Math.floor(use / POOL)}-`);
          stored += (await call("POST", "/api/v1/events", body)).accepted as number;
        }
      }),
    );
    return { stored, perSecond: stored / ((performance.now() - t0) / 1000) };
  };
  const after = (ms: number) => {
    const end = performance.now() + ms;
    return () => performance.now() > end;
  };
  /** Starts a reprice of MODEL and waits for it, ingesting meanwhile when asked; its seconds and final state. */
  const reprice = async (withIngest: boolean) => {
    const t0 = performance.now();
    const { job } = (await call("POST", "/api/v1/prices/reprice", { dry_run: false, provider: "openai", model: MODEL })) as {
      job: { id: string };
    };
    let state: Record<string, unknown> = { state: "queued" };
    let done = false;
    const poll = (async () => {
      while (!done) {
        await new Promise((r) => setTimeout(r, 250));
        state = await call("GET", `/api/v1/prices/reprice/${job.id}`);
        done = state.state === "done" || state.state === "failed";
      }
    })();
    const load = withIngest ? await ingest(() => done) : null;
    await poll;
    if (state.state !== "done") throw new Error(`job ${String(state.state)}: ${String(state.error)}`);
    return { seconds: (performance.now() - t0) / 1000, events: Number(state.events_done), changed: Number(state.events_changed), load };
  };
  try {
    const t0 = performance.now();
    await loadEvents(sql, { from: 1, to: TOTAL }, { end: MONTH_END, spanDays: 30.9, chunk: 500_000 });
    await sql.unsafe("cluster events using events_timestamp_idx");
    await sql.unsafe("vacuum analyze");
    const [{ n = 0 } = {}] = await sql<{ n?: number }[]>`select count(*)::int as n from events
      where model = ${MODEL} and "timestamp" >= ${MONTH_START} and "timestamp" < ${MONTH_END}`;
    console.log(
      `\rLoaded ${TOTAL.toLocaleString("en-US")} events in October 2026, ${n.toLocaleString("en-US")} of them ${MODEL} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );

    // Ingest alone (warmed up first).
    await ingest(after(5000));
    const quiet = await ingest(after(BASELINE_SECONDS * 1000));

    // A negotiated 20 % off from the month's first day: the preview, then the job with nothing else running.
    await call("POST", "/api/v1/prices", {
      provider: "openai",
      model: MODEL,
      effective_from: MONTH_START,
      multiplier: "0.8",
      note: "bench",
    });
    const p0 = performance.now();
    const preview = await call("POST", "/api/v1/prices/reprice", { dry_run: true, provider: "openai", model: MODEL });
    const previewMs = performance.now() - p0;
    const alone = await reprice(false);
    // Then 10 % off from the second day instead, repriced while 4 clients keep ingesting.
    await call("POST", "/api/v1/prices", {
      provider: "openai",
      model: MODEL,
      effective_from: "2026-10-02",
      multiplier: "0.9",
      note: "bench",
    });
    const busy = await reprice(true);
    const load = busy.load as { stored: number; perSecond: number };

    // The floor: PostgreSQL updating the same rows' costs in one statement, with no rollups, sessions or checks.
    await sql.unsafe("vacuum analyze events");
    const u0 = performance.now();
    await sql`update events set cost_usd = cost_usd * 0.8, list_cost_usd = list_cost_usd * 0.8
      where model = ${MODEL} and "timestamp" >= ${MONTH_START} and "timestamp" < ${MONTH_END}`;
    const updateSeconds = (performance.now() - u0) / 1000;

    const rate = (r: { events: number; seconds: number }) => Math.round(r.events / r.seconds).toLocaleString("en-US");
    console.log(`\nReprice ${MODEL} (openai) from ${MONTH_START}: a month of ${TOTAL.toLocaleString("en-US")} events, over HTTP`);
    console.log(
      `  preview               ${(previewMs / 1000).toFixed(1)} s   (${Number(preview.events).toLocaleString("en-US")} events would change: $${preview.cost_before_usd} → $${preview.cost_after_usd})`,
    );
    console.log(
      `  job alone             ${alone.seconds.toFixed(1)} s   ${alone.events.toLocaleString("en-US")} events walked, ${alone.changed.toLocaleString("en-US")} changed: ${rate(alone)} events/s (events, rollups, session totals)`,
    );
    console.log(
      `  job while ingesting   ${busy.seconds.toFixed(1)} s   ${busy.events.toLocaleString("en-US")} events walked, ${busy.changed.toLocaleString("en-US")} changed: ${rate(busy)} events/s`,
    );
    console.log(`  baseline: one SQL update of the same rows' costs alone   ${updateSeconds.toFixed(1)} s`);
    console.log(`  ratio job alone / update   ${(alone.seconds / updateSeconds).toFixed(1)}`);
    console.log(`Ingest over HTTP (${CLIENTS} clients, batches of ${BATCH}, today's events)`);
    console.log(`  alone                 ${Math.round(quiet.perSecond).toLocaleString("en-US")} events/s (${BASELINE_SECONDS} s)`);
    console.log(
      `  during the job        ${Math.round(load.perSecond).toLocaleString("en-US")} events/s (${load.stored.toLocaleString("en-US")} events)`,
    );
    console.log(`  ratio during / alone  ${(load.perSecond / quiet.perSecond).toFixed(2)}`);
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

await main();
