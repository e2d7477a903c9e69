/**
 * `npm run build && npm run bench:gateways`: LiteLLM's `generic_api` batches (512 records, as its proxy flushes them;
 * the fixture 1a/1b records of specs/gateway-callbacks.md with fresh call ids, prompts and responses included as an
 * unredacted proxy sends them) posted to the built server over HTTP into PostgreSQL, one batch at a time as one proxy
 * worker sends them. Baseline in the same run: the same calls already in Burnrate's own shape, in batches of 512, to
 * `POST /api/v1/events`. Prints batch latency, records/s and the ratio.
 *
 * Options (env): BENCH_BATCHES (default 40), BENCH_DATABASE_URL (a role that may CREATE DATABASE; default: a throwaway
 * local cluster).
 */
import { readFileSync } from "node:fs";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { litellmEvent } from "@/lib/gateways/litellm";
import { createBenchDatabase } from "./bench/database";
import { SERVER_NODE_ARGS, startServer } from "./test/server";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const SIZE = 512;
const fixtures = JSON.parse(readFileSync("scripts/test/gateway-fixtures/litellm-1abc.json", "utf8")) as Record<string, unknown>[];

function litellmBatch(b: number, prefix: string): Record<string, unknown>[] {
  const base = Date.now() / 1000 - 3600;
  return Array.from({ length: SIZE }, (_, i) => {
    const f = fixtures[i % 2] as Record<string, unknown>;
    const start = base + b * 10 + i / 100;
    // A provider response id of its own per call, as real traffic has (each is claimed for the cross-path check).
    const id = `chatcmpl-${prefix}-${b}-${i}`;
    return { ...f, id, litellm_call_id: `${prefix}-${b}-${i}`, startTime: start, endTime: start + 2.5, completionStartTime: start + 0.4 };
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const db = await createBenchDatabase("burnrate_benchgw", { durable: true });
  const handle = await openDb({ url: db.url });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest"] });
  await handle.close();
  const server = await startServer({ DATABASE_URL: db.url }, SERVER_NODE_ARGS);
  try {
    const post = async (path: string, body: string) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body,
      });
      const json = (await res.json()) as { accepted: number; rejected: unknown[] };
      if (res.status !== 200 || json.accepted !== SIZE) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return performance.now() - t0;
    };
    const run = async (label: string, path: string, bodies: string[]) => {
      for (const body of bodies.slice(0, 3)) await post(path, body); // warm-up batches (stored too)
      const times: number[] = [];
      const started = performance.now();
      for (const body of bodies.slice(3)) times.push(await post(path, body));
      const seconds = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      const rate = ((bodies.length - 3) * SIZE) / seconds;
      const mib = bodies[3] ? Buffer.byteLength(bodies[3]) / 1024 / 1024 : 0;
      console.log(`${label}: ${bodies.length - 3} batches of ${SIZE} (${mib.toFixed(2)} MiB each)`);
      console.log(
        `  batch latency  p50 ${pct(times, 50).toFixed(0)} ms   p95 ${pct(times, 95).toFixed(0)} ms   max ${times.at(-1)?.toFixed(0)} ms`,
      );
      console.log(`  throughput     ${Math.round(rate).toLocaleString("en-US")} records/s`);
      return rate;
    };
    const litellm = Array.from({ length: BATCHES + 3 }, (_, b) => JSON.stringify(litellmBatch(b, "gw")));
    const native = Array.from({ length: BATCHES + 3 }, (_, b) =>
      JSON.stringify({
        events: litellmBatch(b, "native").map((r) => {
          const mapped = litellmEvent(r);
          if (!("event" in mapped)) throw new Error("fixture did not map");
          return mapped.event;
        }),
      }),
    );
    const gw = await run("POST /api/v1/integrations/litellm (LiteLLM's payload)", "/api/v1/integrations/litellm", litellm);
    const own = await run("POST /api/v1/events (the same calls in Burnrate's shape)", "/api/v1/events", native);
    console.log(`ratio LiteLLM ÷ native throughput: ${(gw / own).toFixed(2)}`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

await main();
