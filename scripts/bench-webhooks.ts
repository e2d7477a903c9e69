/**
 * `npm run bench:webhooks`: GitHub gives a delivery 10 s and the issue asks for an answer within a second. Sends
 * signed `pull_request` deliveries (the spec's fixture, varied: new PRs, then out-of-order updates and
 * redeliveries of each) from concurrent clients to the built server on real PostgreSQL, while another client
 * ingests event batches, and prints the delivery latency percentiles and the slowest against the 1 s budget.
 *
 * Options (env): BENCH_PRS (default 2000), BENCH_CLIENTS (4), BENCH_DATABASE_URL (a role that may CREATE DATABASE;
 * default: a throwaway local cluster). Needs `npm run build` first.
 */
import { sign } from "@octokit/webhooks-methods";
import postgres from "postgres";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { createBenchDatabase } from "./bench/database";
import { generateDemoEvents } from "./demo/generate";
import { MERGED_PR_BODY } from "./test/github-fixtures";
import { startServer } from "./test/server";

const PRS = Number(process.env.BENCH_PRS ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const SECRET = "bench-webhook-secret";
const BUDGET_MS = 1000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** For each PR: opened, a push, merged — plus a replayed (stale) open and a redelivery of the merge. */
function deliveries(): { id: string; body: string }[] {
  const base = JSON.parse(MERGED_PR_BODY);
  const out: { id: string; body: string }[] = [];
  const at = (n: number, minutes: number) => new Date(Date.UTC(2026, 10, 1) + n * 60_000 + minutes * 1000).toISOString();
  for (let n = 1; n <= PRS; n++) {
    const pr = (action: string, fields: Record<string, unknown>) =>
      JSON.stringify({
        ...base,
        action,
        number: n,
        pull_request: { ...base.pull_request, number: n, head: { ...base.pull_request.head, ref: `feat/bench-${n}` }, ...fields },
      });
    const open = { state: "open", merged: false, merged_at: null, closed_at: null };
    out.push({ id: `${n}-opened`, body: pr("opened", { ...open, updated_at: at(n, 0) }) });
    out.push({ id: `${n}-sync`, body: pr("synchronize", { ...open, updated_at: at(n, 1) }) });
    const merged = pr("closed", { state: "closed", merged: true, merged_at: at(n, 2), closed_at: at(n, 2), updated_at: at(n, 2) });
    out.push({ id: `${n}-closed`, body: merged });
    out.push({ id: `${n}-opened-replayed`, body: pr("opened", { ...open, updated_at: at(n, 0) }) });
    out.push({ id: `${n}-closed`, body: merged });
  }
  return out;
}

async function main() {
  const db = await createBenchDatabase("burnrate_benchhooks", { durable: true });
  const handle = await openDb({ url: db.url });
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["ingest"] });
  await handle.close();
  const server = await startServer({ DATABASE_URL: db.url, GITHUB_WEBHOOK_SECRET: SECRET });
  try {
    const list = deliveries();
    const signed = await Promise.all(list.map(async (d) => ({ ...d, signature: await sign(SECRET, d.body) })));
    const latencies: number[] = [];
    const outcomes = new Map<string, number>();
    let next = 0;
    let ingesting = true;
    // Background load: event batches from one more client while the deliveries arrive.
    const events = [...generateDemoEvents({ now: new Date(), seed: 7 })].slice(0, 50_000);
    const ingest = (async () => {
      for (let i = 0; ingesting && i < events.length; i += 500) {
        await fetch(`${server.url}/api/v1/events`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ events: events.slice(i, i + 500) }),
        });
      }
    })();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < signed.length) {
          const d = signed[next++] as (typeof signed)[number];
          const t0 = performance.now();
          const res = await fetch(`${server.url}/api/v1/webhooks/github`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-github-event": "pull_request",
              "x-github-delivery": d.id,
              "x-hub-signature-256": d.signature,
            },
            body: d.body,
          });
          const json = (await res.json()) as { status?: string; applied?: boolean };
          latencies.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`delivery ${d.id}: ${res.status} ${JSON.stringify(json)}`);
          const outcome = json.status === "stored" ? (json.applied ? "stored" : "stale, ignored") : String(json.status);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    ingesting = false;
    await ingest;
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const [states] = await sql<{ merged: number; total: number }[]>`
      select count(*) filter (where state = 'merged')::int as merged, count(*)::int as total from pull_requests`;
    await sql.end();
    latencies.sort((a, b) => a - b);
    const max = latencies.at(-1) ?? 0;
    console.log(
      `\nGitHub deliveries over HTTP (${CLIENTS} clients, ${signed.length.toLocaleString("en-US")} deliveries, event ingest alongside)`,
    );
    console.log(`  rate                ${Math.round(signed.length / seconds).toLocaleString("en-US")} deliveries/s`);
    console.log(
      `  latency             p50 ${percentile(latencies, 50).toFixed(1)} ms   p95 ${percentile(latencies, 95).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${max.toFixed(1)} ms`,
    );
    console.log(`  budget              ${BUDGET_MS} ms: slowest is ${(max / BUDGET_MS).toFixed(3)}× of it`);
    console.log(`  outcomes            ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    console.log(`  end state           ${states?.merged} of ${states?.total} PRs merged (expected ${PRS} of ${PRS})`);
    if (states?.merged !== PRS || states?.total !== PRS) process.exitCode = 1;
  } finally {
    await server.stop();
    await db.drop();
  }
}

await main();
