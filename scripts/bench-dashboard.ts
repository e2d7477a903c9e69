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
import { DIMS_KEY_SQL, ROLLUP_DIMS_SQL } from "@/lib/ingest/ingest-events";
import { getOverview } from "@/lib/overview/get-overview";
import { getSessionStats } from "@/lib/sessions/queries";
import { refreshSessionDays } from "@/lib/sessions/refresh-session-days";
import { listSpend } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { startThrowawayPostgres } from "./test/postgres-cluster";
import { freePort, startServer } from "./test/server";

const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CHUNK = 1_000_000;

/**
 * Rows g in [from, to]: 60 % product traffic (12 features on 6 models, 40 customers, conversations of 8 calls),
 * 30 % coding agents (40 engineers in 4 teams, 20 repos, 6 tools, 5 workflow stages, runs of 50 calls; Claude
 * Code on a plan, Codex on the API), 10 % evals. Timestamps uniform over the 90 days before `end`.
 */
function generateSql(from: number, to: number, end: string): string {
  return `
  insert into events (id, "timestamp", provider, model, surface, plan, environment, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, list_cost_usd, cost_source, status, latency_ms,
    "user", customer, team, feature, workflow, repo, branch, tool, agent, session, prompt_version, billable)
  select 'b' || g, ts, provider, model, surface, plan, environment, input_tokens, output_tokens,
    cache_read, 0, 0, case when surface = 'plan' then 0 else cost end, cost, 'computed', status, latency,
    "user", customer, team, feature, workflow, repo, branch, tool, agent, session, prompt_version, environment = 'production'
  from (
    select g, ts, kind, input_tokens, output_tokens, latency, status, fi, ui,
      case kind when 'agent' then (case when ui % 2 = 0 then 'anthropic' else 'openai' end)
        when 'eval' then 'openai' else (array['openai','openai','anthropic','anthropic','google','openai'])[1 + (fi * 2 + pick) % 6] end as provider,
      case kind when 'agent' then (case when ui % 2 = 0 then (case when pick = 0 then 'claude-sonnet-4-5' else 'claude-opus-4-1' end) else 'gpt-5-codex' end)
        when 'eval' then 'gpt-4.1-mini' else (array['gpt-5-mini','gpt-5','claude-haiku-4-5','claude-sonnet-4-5','gemini-2.5-flash','gpt-4.1'])[1 + (fi * 2 + pick) % 6] end as model,
      case when kind = 'agent' and ui % 2 = 0 then 'plan' else 'api' end as surface,
      case when kind = 'agent' and ui % 2 = 0 then 'Claude Team' end as plan,
      case kind when 'eval' then 'eval' else (case when r3 < 0.9 or kind = 'agent' then 'production' else 'staging' end) end as environment,
      case when kind = 'agent' then (input_tokens * 0.4)::int else 0 end as cache_read,
      round((input_tokens * 2.5e-6 + output_tokens * 1.0e-5)::numeric, 10) as cost,
      case when kind = 'agent' then 'eng-' || ui end as "user",
      case when kind = 'product' then 'cust-' || floor(40 * r2 * r2)::int end as customer,
      case kind when 'agent' then (array['platform','growth','support-ai','data'])[1 + ui % 4]
        when 'eval' then 'data' else (array['growth','support-ai','platform','data'])[1 + fi % 4] end as team,
      case kind when 'product' then (array['chat','summarize','extract','triage','search','translate','classify','draft','qa','rank','tag','moderate'])[1 + fi]
        when 'eval' then 'eval' end as feature,
      case when kind = 'agent' then (array['planning','exploration','codegen','testing','review'])[1 + (g / 50) % 5] end as workflow,
      case when kind = 'agent' then 'acme/repo-' || (ui * 3 + pick) % 20 end as repo,
      case when kind = 'agent' then 'feat/' || (g / 400) end as branch,
      case when kind = 'agent' then (array['Read','Edit','Bash','Grep','mcp:github','mcp:linear'])[1 + floor(r2 * 6)::int] end as tool,
      case when kind = 'agent' then (case when ui % 2 = 0 then 'claude-code' else 'codex' end) end as agent,
      case kind when 'agent' then 'run-' || (g / 50) when 'eval' then 'eval-' || (g / 120) else 'conv-' || (g / 8) end as session,
      case when kind = 'product' then 'v' || (1 + fi % 3) end as prompt_version
    from (
      select g, r2, r3,
        '${end}'::timestamptz - make_interval(secs => floor(r1 * 90 * 86400)) as ts,
        case when g % 10 < 6 then 'product' when g % 10 < 9 then 'agent' else 'eval' end as kind,
        ((g / 7) % 12)::int as fi, ((g / 13) % 40)::int as ui, (r4 < 0.3)::int as pick,
        500 + floor(r3 * 20000)::int as input_tokens, 50 + floor(r4 * 1500)::int as output_tokens,
        200 + floor(r2 * 8000)::int as latency, case when r4 < 0.02 then 'error' else 'ok' end as status
      from (select g, random() r1, random() r2, random() r3, random() r4 from generate_series(${from}::bigint, ${to}::bigint) g) s
    ) t
  ) u`;
}

/** The rollup rows for events with id between the bounds, added exactly as ingest adds them. */
function rollupSql(ids: string): string {
  const dims = ROLLUP_DIMS_SQL;
  const key = DIMS_KEY_SQL;
  return `
  insert into event_rollup_daily as r (day, dims_key, ${dims}, requests, errors, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, list_cost_usd)
  select ("timestamp" at time zone 'UTC')::date, ${key}, ${dims}, count(*), count(*) filter (where status = 'error'),
    sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
    sum(cost_usd), sum(list_cost_usd)
  from events where ${ids}
  group by 1, 2, ${dims}
  on conflict (day, dims_key) do update set requests = r.requests + excluded.requests, errors = r.errors + excluded.errors,
    input_tokens = r.input_tokens + excluded.input_tokens, output_tokens = r.output_tokens + excluded.output_tokens,
    cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens, cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
    reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens, cost_usd = r.cost_usd + excluded.cost_usd,
    list_cost_usd = r.list_cost_usd + excluded.list_cost_usd`;
}

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
      const sessions = await time(() => getSessionStats(ctx, { from: month.from, to: month.to }));
      Object.assign(rows, {
        "month totals (rollup)": rollupMonth,
        "month totals (raw GROUP BY)": rawMonth,
        "explorer: team × model (rollup)": rollupExplorer,
        "explorer: team × model (raw GROUP BY)": rawExplorer,
        "GET /api/v1/spend month team × model (HTTP)": api,
        "Overview, all queries in parallel": overview,
        "  of which: sessions (day totals + today raw)": sessions,
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
