/**
 * `npm run bench:dashboard`: loads realistic events into real PostgreSQL (1 M, then up to 10 M, over 90 days,
 * generated in SQL) with every rollup and the per-session totals ingest maintains, then measures p50/p95 of the
 * Overview, explorer queries (this month, grouped by team and model; by repo and tool; by customer) and
 * `GET /api/v1/spend` for the month over HTTP — and, in the same run, the same answers from a plain GROUP BY over
 * the raw events, with the speed-up and the 1 M → 10 M growth against the DESIGN §5 targets. Then, with a people
 * directory (32 of the 40 engineers, by an alias, each with a team), the queries people add: group by person, person ×
 * model, one person's spend, and team × model with the team falling back to the person's (lib/people/resolve.ts).
 *
 * Options (env): BENCH_SIZES (default "1000000,10000000"), BENCH_RUNS (20), BENCH_DATABASE_URL (a role that may
 * CREATE DATABASE; default: a throwaway local cluster). Needs `npm run build` first.
 */
import postgres from "postgres";
import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { getOverview, getOverviewSessions } from "@/lib/overview/get-overview";
import { listSpend, spendSourceFor } from "@/lib/spend/list-spend";
import { ROLLUPS } from "@/lib/spend/rollups";
import type { SpendInput } from "@/lib/spend/schemas";
import { loadEvents } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { startServer } from "./test/server";

const SIZES = (process.env.BENCH_SIZES ?? "1000000,10000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CHUNK = 1_000_000;

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
  const db = await createBenchDatabase("burnrate_benchdash");
  const handle = await openDb({ url: db.url, poolMax: 8 });
  const ctx = systemContext(handle.db);
  const { key } = await createApiKey(systemContext(handle.db), { name: "bench", scopes: ["read"] });
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  const now = new Date();
  const end = now.toISOString();
  const today = end.slice(0, 10);
  const month: SpendInput = { from: `${today.slice(0, 8)}01`, to: today, groupBy: [], interval: "none", filters: {} };
  const explorer: SpendInput = { ...month, groupBy: ["team", "model"] };
  const byRepoTool: SpendInput = { ...month, groupBy: ["repo", "tool"] };
  const byCustomer: SpendInput = { ...month, groupBy: ["customer"] };
  const server = await startServer({ DATABASE_URL: db.url });
  const tables = [...ROLLUPS.map((r) => r.table), "session_monthly", "session_monthly_totals"];
  type Timing = { p50: number; p95: number };
  const summary: { size: number; rows: Record<string, Timing> }[] = [];
  try {
    let loaded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      await loadEvents(sql, { from: loaded + 1, to: size }, { end, chunk: CHUNK });
      loaded = size;
      for (const table of ["events", ...tables]) await sql.unsafe(`vacuum analyze ${table}`);
      console.log(`\rLoaded ${size.toLocaleString("en-US")} events in ${((performance.now() - t0) / 1000).toFixed(0)} s; rows:`);
      for (const table of tables) {
        const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
        console.log(`  ${table.padEnd(30)} ${n.toLocaleString("en-US").padStart(10)}`);
      }

      const pair = async (input: SpendInput) => {
        const rollup = await time(() => listSpend(ctx, input));
        const raw = await time(() => listSpend(ctx, input, { forceRaw: true }));
        if (JSON.stringify(rollup.result) !== JSON.stringify(raw.result)) throw new Error(`rollup and raw disagree on ${input.groupBy}`);
        return [rollup, raw] as const;
      };
      const [rollupMonth, rawMonth] = await pair(month);
      const [rollupExplorer, rawExplorer] = await pair(explorer);
      const [rollupRepoTool, rawRepoTool] = await pair(byRepoTool);
      const [rollupCustomer, rawCustomer] = await pair(byCustomer);
      const api = await time(async () => {
        const res = await fetch(`${server.url}/api/v1/spend?group_by=team,model`, { headers: { authorization: `Bearer ${key}` } });
        if (res.status !== 200) throw new Error(`spend API ${res.status}`);
        return res.text();
      });
      const overview = await time(() => getOverview(ctx, now));
      const rawOverview = await time(() => getOverview(ctx, now, { forceRaw: true }));
      if (JSON.stringify(overview.result) !== JSON.stringify(rawOverview.result)) throw new Error("Overview: rollup and raw disagree");
      const sessions = await time(() => getOverviewSessions(ctx, now));

      // People: 32 of the 40 engineers, each linked by an alias of their event user, with a team (so team resolves too).
      await sql.unsafe(`insert into people (name, email, team)
        select 'Engineer ' || i, 'eng-' || i || '@bench.dev', (array['platform','growth','support-ai','data'])[1 + i % 4]
        from generate_series(0, 31) i`);
      await sql.unsafe(
        `insert into person_aliases (kind, value, person_id) select 'other:user', split_part(email, '@', 1), id from people`,
      );
      const [rollupPerson, rawPerson] = await pair({ ...month, groupBy: ["person"] });
      const [rollupPersonModel, rawPersonModel] = await pair({ ...month, groupBy: ["person", "model"] });
      const [rollupOnePerson, rawOnePerson] = await pair({ ...month, groupBy: ["model"], filters: { person: ["eng-7@bench.dev"] } });
      const [rollupTeamFallback, rawTeamFallback] = await pair(explorer);
      // Reconciliation → Coding tools (lib/coding-tools/reconciliation.ts) runs these two spend queries, filtered to the
      // coding tools; the bench's events name other tools, so the same shapes filtered to three of theirs.
      const toolFilter = { tool: ["Read", "Edit", "Bash"] };
      const [rollupToolDays, rawToolDays] = await pair({ ...month, groupBy: ["tool", "user"], interval: "day", filters: toolFilter });
      const [rollupToolPeople, rawToolPeople] = await pair({ ...month, groupBy: ["tool", "person", "user"], filters: toolFilter });

      // Effective cost (lib/effective): the agents' plan calls name "Claude Team", 40 seats × $150. First with no named
      // seat (the plan-days weigh from the core rollup), then with 20 engineers holding named seats (the wide rollup,
      // each row's person resolved).
      const effective = { orderBy: "effective" } as const;
      const pairEffective = async (input: SpendInput) => {
        const rollup = await time(() => listSpend(ctx, input, effective));
        const raw = await time(() => listSpend(ctx, input, { ...effective, forceRaw: true }));
        if (JSON.stringify(rollup.result) !== JSON.stringify(raw.result)) {
          const [a, b] = [rollup.result, raw.result];
          const i = a.rows.findIndex((r, n) => JSON.stringify(r) !== JSON.stringify(b.rows[n]));
          throw new Error(
            `effective: rollup and raw disagree on ${input.groupBy}: totals ${JSON.stringify(a.totals)} vs ${JSON.stringify(b.totals)}; row ${i}: ${JSON.stringify(a.rows[i])} vs ${JSON.stringify(b.rows[i])}`,
          );
        }
        if (
          input.filters &&
          Object.keys(input.filters).length === 0 &&
          rollup.result.totals.effective_cost_usd === rollup.result.totals.cost_usd
        )
          throw new Error("effective: no fee was allocated");
        return [rollup, raw] as const;
      };
      const effectiveApi = () =>
        time(async () => {
          const res = await fetch(`${server.url}/api/v1/spend?group_by=team,model`, { headers: { authorization: `Bearer ${key}` } });
          if (res.status !== 200) throw new Error(`spend API ${res.status}`);
          return res.text();
        });
      await sql.unsafe(`insert into plans (name, vendor, tool, seats, fee_per_seat_usd, start_date)
        values ('Claude Team', 'anthropic', 'Claude Code', 40, 150, '2020-01-01')`);
      const [rollupEffPool, rawEffPool] = await pairEffective(explorer);
      const apiEffPool = await effectiveApi();
      const overviewEffPool = await time(() => getOverview(ctx, now));
      await sql.unsafe(`insert into plan_seat_holders (plan_id, person_id)
        select pl.id, pe.id from plans pl, people pe where pe.email ~ '^eng-([02468]|1[02468])@'`);
      const [rollupEffSeats, rawEffSeats] = await pairEffective(explorer);
      const [rollupEffPerson, rawEffPerson] = await pairEffective({ ...month, groupBy: ["person"] });
      // The month so far may be a few days: the same query over the last 30 days, a whole month's plan rows.
      const last30 = { ...explorer, from: new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10) };
      const [rollupEff30, rawEff30] = await pairEffective(last30);
      const apiEffSeats = await effectiveApi();
      const overviewEffSeats = await time(() => getOverview(ctx, now));
      const rawOverviewEffSeats = await time(() => getOverview(ctx, now, { forceRaw: true }));
      if (JSON.stringify(overviewEffSeats.result) !== JSON.stringify(rawOverviewEffSeats.result))
        throw new Error("Overview (effective, seats): rollup and raw disagree");
      await sql.unsafe("delete from plans");
      await sql.unsafe("truncate people cascade");
      const rows: Record<string, Timing> = {
        [`month totals (${spendSourceFor(month)})`]: rollupMonth,
        "month totals (raw GROUP BY)": rawMonth,
        [`explorer: team × model (${spendSourceFor(explorer)})`]: rollupExplorer,
        "explorer: team × model (raw GROUP BY)": rawExplorer,
        [`explorer: repo × tool (${spendSourceFor(byRepoTool)})`]: rollupRepoTool,
        "explorer: repo × tool (raw GROUP BY)": rawRepoTool,
        [`explorer: customer (${spendSourceFor(byCustomer)})`]: rollupCustomer,
        "explorer: customer (raw GROUP BY)": rawCustomer,
        "GET /api/v1/spend month team × model (HTTP)": api,
        "Overview figures (5 rollup queries, parallel)": overview,
        "Overview figures (same 5 queries, raw GROUP BY)": rawOverview,
        "Overview sessions panel (session_monthly)": sessions,
        "people: by person (wide rollup + people)": rollupPerson,
        "people: by person (raw GROUP BY + people)": rawPerson,
        "people: person × model (wide rollup + people)": rollupPersonModel,
        "people: person × model (raw GROUP BY + people)": rawPersonModel,
        "people: one person by model (wide rollup + people)": rollupOnePerson,
        "people: one person by model (raw GROUP BY + people)": rawOnePerson,
        "people: team × model, team falls back (wide + people)": rollupTeamFallback,
        "people: team × model, team falls back (raw + people)": rawTeamFallback,
        "coding tools: tool × user by day (wide rollup)": rollupToolDays,
        "coding tools: tool × user by day (raw GROUP BY)": rawToolDays,
        "coding tools: tool × person × user (wide + people)": rollupToolPeople,
        "coding tools: tool × person × user (raw + people)": rawToolPeople,
        "effective: team × model, plan, no named seat": rollupEffPool,
        "effective: team × model, plan, no named seat (raw)": rawEffPool,
        "effective: GET /api/v1/spend team × model, no named seat": apiEffPool,
        "effective: Overview, no named seat": overviewEffPool,
        "effective: team × model, 20 named seats (wide)": rollupEffSeats,
        "effective: team × model, 20 named seats (raw)": rawEffSeats,
        "effective: by person, 20 named seats (wide)": rollupEffPerson,
        "effective: by person, 20 named seats (raw)": rawEffPerson,
        "effective: team × model, last 30 days, 20 seats": rollupEff30,
        "effective: team × model, last 30 days, 20 seats (raw)": rawEff30,
        "effective: GET /api/v1/spend team × model, 20 seats": apiEffSeats,
        "effective: Overview, 20 named seats": overviewEffSeats,
        "effective: Overview, 20 named seats (raw)": rawOverviewEffSeats,
      };
      console.log(`\n${size.toLocaleString("en-US")} events — p50 / p95 over ${RUNS} runs`);
      for (const [name, r] of Object.entries(rows)) console.log(`  ${name.padEnd(56)} ${fmt(r.p50)} ${fmt(r.p95)}`);
      const ratio = (raw: Timing, fast: Timing) => `${(raw.p50 / fast.p50).toFixed(0)}× p50, ${(raw.p95 / fast.p95).toFixed(0)}× p95`;
      console.log("Speed-up over the raw GROUP BY of the same answer (target ≥ 30×)");
      console.log(`  month totals                                             ${ratio(rawMonth, rollupMonth)}`);
      console.log(`  explorer: team × model                                   ${ratio(rawExplorer, rollupExplorer)}`);
      console.log(`  explorer: repo × tool                                    ${ratio(rawRepoTool, rollupRepoTool)}`);
      console.log(`  explorer: customer                                       ${ratio(rawCustomer, rollupCustomer)}`);
      console.log(`  GET /api/v1/spend over HTTP vs in-process raw team×model ${ratio(rawExplorer, api)}`);
      console.log(`  Overview figures                                         ${ratio(rawOverview, overview)}`);
      console.log(`  people: by person                                        ${ratio(rawPerson, rollupPerson)}`);
      console.log(`  people: person × model                                   ${ratio(rawPersonModel, rollupPersonModel)}`);
      console.log(`  people: one person by model                             ${ratio(rawOnePerson, rollupOnePerson)}`);
      console.log(`  people: team × model with the team fallback              ${ratio(rawTeamFallback, rollupTeamFallback)}`);
      console.log(`  coding tools: tool × user by day                         ${ratio(rawToolDays, rollupToolDays)}`);
      console.log(`  coding tools: tool × person × user                       ${ratio(rawToolPeople, rollupToolPeople)}`);
      console.log(`  effective: team × model, no named seat                   ${ratio(rawEffPool, rollupEffPool)}`);
      console.log(`  effective: team × model, 20 named seats                  ${ratio(rawEffSeats, rollupEffSeats)}`);
      console.log(`  effective: by person, 20 named seats                     ${ratio(rawEffPerson, rollupEffPerson)}`);
      console.log(`  effective: team × model, last 30 days, 20 named seats    ${ratio(rawEff30, rollupEff30)}`);
      console.log(`  effective: Overview, 20 named seats                      ${ratio(rawOverviewEffSeats, overviewEffSeats)}`);
      summary.push({ size, rows });
    }
    if (summary.length >= 2) {
      const [a, b] = [summary[0], summary.at(-1)];
      console.log(`\nGrowth ${a?.size.toLocaleString("en-US")} → ${b?.size.toLocaleString("en-US")} events (p95 ratio; target < 2×)`);
      for (const name of Object.keys(a?.rows ?? {})) {
        console.log(`  ${name.padEnd(56)} ${((b?.rows[name]?.p95 ?? 0) / (a?.rows[name]?.p95 ?? 1)).toFixed(2)}×`);
      }
    }
  } finally {
    await server.stop();
    await sql.end();
    await handle.close();
    await db.drop();
  }
}

await main();
