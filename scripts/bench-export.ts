/**
 * `npm run bench:export`: a month of events exported over HTTP from the production build, at
 * `granularity=event` and `day`, as CSV and FOCUS, uncompressed (`Accept-Encoding: identity`, as curl and most API
 * clients ask; a browser gets gzip, which Next adds at some CPU cost). Prints rows/s, time to first byte and to the first data row,
 * and the server's peak memory (VmHWM, reset before each download) at each month size, against DESIGN §5's
 * target (≥ 200,000 rows/s, < 300 MB, flat in month size) and against PostgreSQL's own `COPY … TO STDOUT` of the
 * same event rows (the cost of just reading them out as CSV, with no HTTP, no checks and no neutralising).
 *
 * BENCH_SIZES (default 250000,1000000) events in one month, loaded cumulatively; BENCH_RUNS (default 3) downloads
 * per case, median reported; BENCH_FORMATS (csv,focus) and BENCH_GRANULARITIES (event,day) pick the cases.
 * BENCH_DATABASE_URL: use that server instead of a throwaway cluster.
 */
import { readFileSync, writeFileSync } from "node:fs";
import postgres from "postgres";
import { openDb } from "@/db";
import { resumeAfterCopy } from "@/db/snapshot";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { loadEvents } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { SERVER_NODE_ARGS, startServer } from "./test/server";

const SIZES = (process.env.BENCH_SIZES ?? "250000,1000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FORMATS = (process.env.BENCH_FORMATS ?? "csv,focus").split(",");
const GRANULARITIES = (process.env.BENCH_GRANULARITIES ?? "event,day").split(",");
const MONTH = "2026-10";
const CHUNK = 500_000;
const TARGET_ROWS_PER_S = 200_000;
const TARGET_MB = 300;

interface Download {
  rows: number;
  bytes: number;
  ttfbMs: number;
  firstRowMs: number;
  totalMs: number;
  peakMb: number;
}

/** Peak resident memory of a process since the last reset (Linux: VmHWM; writing 5 to clear_refs resets it). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
function peakMb(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kb / 1024;
}

async function download(url: string, key: string, pid: number): Promise<Download> {
  resetPeak(pid);
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, "accept-encoding": "identity" } });
  if (res.status !== 200 || !res.body) throw new Error(`export ${res.status}: ${await res.text()}`);
  let ttfbMs = 0;
  let firstRowMs = 0;
  let newlines = 0;
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    if (bytes === 0) ttfbMs = performance.now() - t0;
    bytes += chunk.length;
    // The bench data has no newline inside a cell, so lines are rows.
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (firstRowMs === 0 && newlines >= 2) firstRowMs = performance.now() - t0;
  }
  return { rows: newlines - 1, bytes, ttfbMs, firstRowMs, totalMs: performance.now() - t0, peakMb: peakMb(pid) };
}

/** One line of the results table: the first cell left-aligned, the others right-aligned. */
const table = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(i === 1 ? 10 : 9))).join(" ")}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const db = await createBenchDatabase("burnrate_benchexport");
  const handle = await openDb({ url: db.url, poolMax: 2 });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["export"] });
  await handle.close();
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  const results: string[] = [];
  try {
    let loaded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      // 30.9 days ending at the month's end: every event falls in October (UTC).
      await loadEvents(sql, { from: loaded + 1, to: size }, { end: "2026-11-01T00:00:00Z", spanDays: 30.9, chunk: CHUNK });
      loaded = size;
      // Ingest appends events roughly in time order; the generator writes them in random order. Clustering on the
      // timestamp index gives the heap the order a real month has (an index-order scan reads it sequentially).
      await sql.unsafe("cluster events using events_timestamp_idx");
      await sql.unsafe("vacuum analyze");
      const [{ n = 0 } = {}] = await sql<{ n?: number }[]>`select count(*)::int as n from events
        where "timestamp" >= '2026-10-01' and "timestamp" < '2026-11-01'`;
      console.log(
        `\rLoaded ${size.toLocaleString("en-US")} events (${n.toLocaleString("en-US")} in ${MONTH}) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );

      // Baseline: PostgreSQL writing the same event rows as CSV itself.
      const copyMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const c0 = performance.now();
        const stream = await sql
          .unsafe(
            `copy (select * from events where "timestamp" >= '2026-10-01' and "timestamp" < '2026-11-01' order by "timestamp", id) to stdout with (format csv, header)`,
          )
          .readable();
        for await (const _ of stream) {
          // drain
        }
        resumeAfterCopy(stream);
        copyMs.push(performance.now() - c0);
      }
      const copyRate = n / (median(copyMs) / 1000);
      console.log(`  baseline COPY … TO STDOUT (event rows): ${Math.round(copyRate).toLocaleString("en-US")} rows/s`);
      console.log(table(["case", "rows", "MB", "TTFB", "1st row", "total", "rows/s", "vs target", "vs COPY", "peak RSS"]));
      const cases = GRANULARITIES.flatMap((granularity) => FORMATS.map((format) => ({ granularity, format })));
      for (const { granularity, format } of cases) {
        // A fresh server per case, so each peak is that case's own and not the heap an earlier case left grown.
        const server = await startServer({ DATABASE_URL: db.url }, SERVER_NODE_ARGS);
        const url = `${server.url}/api/v1/export?month=${MONTH}&format=${format}&granularity=${granularity}`;
        const runs: Download[] = [];
        try {
          for (let i = 0; i < RUNS; i++) runs.push(await download(url, key, server.pid));
        } finally {
        }
        const totalMs = median(runs.map((r) => r.totalMs));
        const rows = runs[0]?.rows ?? 0;
        const rate = rows / (totalMs / 1000);
        const line = table([
          `${format} granularity=${granularity}`,
          rows.toLocaleString("en-US"),
          ((runs[0]?.bytes ?? 0) / 1e6).toFixed(0),
          `${median(runs.map((r) => r.ttfbMs)).toFixed(0)} ms`,
          `${median(runs.map((r) => r.firstRowMs)).toFixed(0)} ms`,
          `${(totalMs / 1000).toFixed(2)} s`,
          Math.round(rate).toLocaleString("en-US"),
          `${(rate / TARGET_ROWS_PER_S).toFixed(2)}×`,
          granularity === "event" ? `${(rate / copyRate).toFixed(2)}×` : "",
          `${Math.max(...runs.map((r) => r.peakMb)).toFixed(0)} MB`,
        ]);
        console.log(line);
        results.push(`${size.toLocaleString("en-US")} events: ${line.trim()}`);
      }
    }
    console.log(
      `\nTargets (DESIGN §5): ≥ ${TARGET_ROWS_PER_S.toLocaleString("en-US")} rows/s at granularity=event, peak server memory < ${TARGET_MB} MB, flat in month size.`,
    );
    for (const r of results) console.log(r);
  } finally {
    await sql.end();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
