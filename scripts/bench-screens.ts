/**
 * `npm run bench:screens`: every dashboard page and every `GET /api/v1/*` read at volume, over HTTP against the built
 * server, signed in as an admin (pages) or with a read/export key (API). Loads N events (default 10 M over 90 days,
 * scripts/bench/dashboard-data.ts: 3.3 M in the last full month) into a throwaway PostgreSQL, folds the screen
 * aggregates (lib/aggregates/fold.ts, timed), then times each read: one warm-up, then BENCH_RUNS runs, p50/p95 of the
 * whole response. Next to the screens that read aggregates, the same answer computed from the raw events in the same
 * run, checked identical, with the speed-up.
 *
 * Options (env): BENCH_SIZES (default "10000000"; e.g. "1000000,10000000" prints the growth), BENCH_RUNS (5),
 * BENCH_DATABASE_URL (a role that may CREATE DATABASE; default: a throwaway local cluster), BENCH_EXISTING_DATABASE
 * (a database this bench loaded before: measured as it is, nothing dropped; with BENCH_SIZES, loaded up to that size first),
 * BENCH_ONLY (a regular expression: time only the reads whose printed label matches it, e.g. "group_by=user$|^page /$";
 * the in-process pairs are skipped),
 * BENCH_PORT (the server's port; default a free one). Needs `npm run build` first.
 */
import postgres from "postgres";
import { openDb } from "@/db";
import { users } from "@/db/schema";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { hashPassword } from "@/lib/auth/passwords";
import { addMonths, monthRange } from "@/lib/dates/months";
import { isoWeekOf, weekRange } from "@/lib/dates/weeks";
import { getCacheEconomics } from "@/lib/review/economics";
import { listReviewCandidates } from "@/lib/review/list-items";
import { listSpend } from "@/lib/spend/list-spend";
import type { SpendInput } from "@/lib/spend/schemas";
import { listWorkloadStats } from "@/lib/surfaces/workload-daily";
import { listWorkloadStatsRaw } from "@/lib/surfaces/workload-stats";
import { loadEvents } from "./bench/dashboard-data";
import { createBenchDatabase } from "./bench/database";
import { startServer } from "./test/server";
import { signInOverHttp } from "./test/session";

const SIZES = (process.env.BENCH_SIZES ?? "10000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EXISTING = process.env.BENCH_EXISTING_DATABASE;
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const CHUNK = 1_000_000;
/** The data ends here: a fixed day, so the month and week measured are full ones whatever day the bench runs. */
const END = "2026-12-05T00:00:00Z";
const ADMIN = { email: "bench-admin@burnrate.dev", password: "bench-admin-password-1" };

interface Timing {
  p50: number;
  p95: number;
}

async function time<T>(fn: () => Promise<T>): Promise<Timing & { result: T }> {
  let result = await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? 0;
  return { p50: at(50), p95: at(95), result };
}

const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;

async function main() {
  const bench = EXISTING ? { url: EXISTING, drop: async () => {} } : await createBenchDatabase("burnrate_bench_screens");
  const handle = await openDb({ url: bench.url, poolMax: 8 });
  const ctx = systemContext(handle.db, "bench");
  const sql = postgres(bench.url, { max: 1, onnotice: () => {} });
  const month = addMonths(END.slice(0, 7), -1);
  const week = isoWeekOf(new Date(`${month}-20T00:00:00Z`));
  const { firstDay, lastDay } = monthRange(month);
  const keys = {
    read: (await createApiKey(ctx, { name: `bench-read-${Date.now()}`, scopes: ["read"] })).key,
    export: (await createApiKey(ctx, { name: `bench-export-${Date.now()}`, scopes: ["export"] })).key,
    admin: (await createApiKey(ctx, { name: `bench-admin-${Date.now()}`, scopes: ["admin"] })).key,
  };
  await handle.db
    .insert(users)
    .values({ email: ADMIN.email, role: "admin", passwordHash: await hashPassword(ADMIN.password) })
    .onConflictDoNothing();
  // The fold job once an hour: the bench folds what it loaded itself (timed), not the server part-way through a load.
  const server = await startServer(
    { DATABASE_URL: bench.url, BURNRATE_EVAL_INTERVAL_SECONDS: "3600" },
    [],
    process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined,
  );
  const results: { size: number; rows: Map<string, Timing> }[] = [];
  try {
    const { cookie } = await signInOverHttp(server.url, ADMIN.email, ADMIN.password);
    let loaded = Number((await sql<{ n: string }[]>`select count(*)::text as n from events`)[0]?.n ?? 0);
    // An existing database is measured as it is, unless BENCH_SIZES asks to load it up to a size first (and keep it).
    for (const size of EXISTING && !process.env.BENCH_SIZES ? [loaded] : SIZES) {
      if (size > loaded) {
        const t0 = performance.now();
        await loadEvents(sql, { from: loaded + 1, to: size }, { end: END, chunk: CHUNK });
        loaded = size;
        await sql.unsafe("vacuum analyze");
        console.log(`\rLoaded ${size.toLocaleString("en-US")} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      const f0 = performance.now();
      // The server's own fold job may hold the fold's lock (ran: false): wait for it, then fold what is left.
      let folded = await foldAggregates(handle.db);
      while (!folded.ran) {
        await new Promise((r) => setTimeout(r, 1000));
        folded = await foldAggregates(handle.db);
      }
      console.log(
        `Fold of what was loaded: ${folded.days} days, ${folded.weeks} weeks in ${((performance.now() - f0) / 1000).toFixed(1)} s (${((performance.now() - f0) / Math.max(1, folded.days) / 1000).toFixed(2)} s a day)`,
      );
      for (const table of ["workload_daily", "workload_actor_edges", "review_week_items"]) await sql.unsafe(`vacuum analyze ${table}`);
      const [session] = await sql<
        { session: string }[]
      >`select session from session_monthly where month = ${firstDay} order by cost_usd desc limit 1`;
      const rows = new Map<string, Timing>();
      console.log(
        `\n${size.toLocaleString("en-US")} events; month ${month}, week ${week}; p50 / p95 over ${RUNS} runs, server time of the whole response`,
      );

      const get = (path: string, headers: Record<string, string>) => async () => {
        const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
        return body.length;
      };
      const measure = async (label: string, fn: () => Promise<unknown>) => {
        if (ONLY && !ONLY.test(label)) return;
        const t = await time(fn);
        rows.set(label, t);
        console.log(`${label.padEnd(64)} ${ms(t.p50)} ${ms(t.p95)}`);
      };
      const page = (path: string) => measure(`page ${path}`, get(path, { cookie }));
      const api = (path: string, key = keys.read) => measure(`GET ${path}`, get(path, { authorization: `Bearer ${key}` }));

      for (const path of [
        "/",
        `/spend?from=${firstDay}&to=${lastDay}`,
        ...["team", "model", "user", "customer", "prompt_version", "person", "repo", "tool", "surface"].map(
          (g) => `/spend?from=${firstDay}&to=${lastDay}&group_by=${g}`,
        ),
        "/review",
        `/review?week=${week}`,
        "/surfaces",
        `/surfaces?month=${month}`,
        "/customers",
        `/customers?month=${month}`,
        ...(session ? [`/sessions/${encodeURIComponent(session.session)}`] : []),
        "/alerts",
        "/export",
        "/people",
        "/pull-requests",
        "/reconciliation",
        "/me",
        // The explorer's CSV of a view: its whole table, in the table's order.
        ...["model", "user"].map((g) => `/spend/download?from=${firstDay}&to=${lastDay}&group_by=${g}`),
        ...[
          "/alerts",
          "/api-keys",
          "/audit",
          "/budgets",
          "/connect",
          "/customers",
          "/members",
          "/people",
          "/plans",
          "/prices",
          "/providers",
        ].map((s) => `/settings${s}`),
      ])
        await page(path);
      for (const path of [
        `/api/v1/spend?from=${firstDay}&to=${lastDay}`,
        ...["team,model", "user", "customer", "prompt_version", "person"].map(
          (g) => `/api/v1/spend?from=${firstDay}&to=${lastDay}&group_by=${g}`,
        ),
        `/api/v1/review?week=${week}`,
        "/api/v1/review",
        "/api/v1/alerts",
        "/api/v1/budgets",
        `/api/v1/customers/cust-1/usage?month=${month}`,
        "/api/v1/people",
        "/api/v1/people/unmapped",
        "/api/v1/plans",
        "/api/v1/prices",
        `/api/v1/pull-requests?from=${firstDay}&to=${lastDay}`,
        `/api/v1/reconciliation?from=${firstDay}&to=${lastDay}`,
      ])
        await api(path);
      await api(`/api/v1/customers/usage.csv?month=${month}`, keys.export);
      await api("/api/v1/alerts/destination", keys.admin);

      // The aggregates against the raw computation of the same answer, in-process.
      console.log("\nAggregate vs the same answer from raw events (in-process):");
      const pair = async (label: string, stored: () => Promise<unknown>, raw: () => Promise<unknown>) => {
        if (ONLY) return;
        const a = await time(stored);
        const b = await time(raw);
        const same = JSON.stringify(a.result) === JSON.stringify(b.result);
        rows.set(`${label} (aggregate)`, a);
        rows.set(`${label} (raw)`, b);
        console.log(
          `${label.padEnd(44)} ${ms(a.p50)} ${ms(a.p95)}   raw ${ms(b.p50)} ${ms(b.p95)}   ${(b.p95 / a.p95).toFixed(0).padStart(5)}×   ${same ? "identical" : "DIFFERENT"}`,
        );
        if (!same) throw new Error(`${label}: the aggregate and the raw computation disagree`);
      };
      await pair(
        `review candidates ${week}`,
        () => listReviewCandidates(ctx, week),
        () => listReviewCandidates(ctx, week, { raw: true }),
      );
      await pair(
        `cache economics ${week}`,
        () => getCacheEconomics(ctx, weekRange(week)),
        () => getCacheEconomics(ctx, weekRange(week), { raw: true }),
      );
      // Means and deviations: numeric sums vs float aggregates agree to ~1e-12; compared rounded to 9 digits.
      const rounded = (ws: Awaited<ReturnType<typeof listWorkloadStats>>) =>
        ws.map((w) =>
          JSON.parse(JSON.stringify(w, (_k, v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v))),
        );
      await pair(
        `Surfaces workloads ${month}`,
        async () => rounded(await listWorkloadStats(ctx, monthRange(month))),
        async () => rounded(await listWorkloadStatsRaw(ctx, monthRange(month))),
      );
      for (const g of ["user", "customer", "prompt_version"] as const) {
        const input: SpendInput = { from: firstDay, to: lastDay, groupBy: [g], interval: "none", filters: {} };
        await pair(
          `spend by ${g} ${month}`,
          () => listSpend(ctx, input),
          () => listSpend(ctx, input, { forceRaw: true }),
        );
      }
      results.push({ size, rows });
    }
    if (results.length > 1) {
      const [first, last] = [results[0], results[results.length - 1]] as [(typeof results)[number], (typeof results)[number]];
      console.log(`\nGrowth ${first.size.toLocaleString("en-US")} → ${last.size.toLocaleString("en-US")} events (p95):`);
      for (const [label, t] of last.rows) {
        const before = first.rows.get(label);
        if (before) console.log(`${label.padEnd(64)} ${(t.p95 / Math.max(1, before.p95)).toFixed(2)}×`);
      }
    }
  } finally {
    await server.stop();
    await sql.end();
    await handle.close();
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
