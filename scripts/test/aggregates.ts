import { sql } from "drizzle-orm";
import { type Db, type DbOrTx, queryRows } from "@/db";
import { ROLLUPS, rollupDimsSql } from "@/lib/dimensions/rollups";

export interface AggregateCheck {
  table: string;
  /** What the table holds, every value as text, in a fixed order. */
  stored: Record<string, unknown>[];
  /** The same rows computed from `events` by a plain GROUP BY. */
  expected: Record<string, unknown>[];
}

const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every table ingest maintains beside the events (each daily rollup, the per-session monthly totals), next to the
 * same figures recomputed from the raw events. Tests assert `stored` equals `expected` for each.
 */
export async function aggregatesAgainstEvents(db: DbOrTx): Promise<AggregateCheck[]> {
  const checks: AggregateCheck[] = [];
  for (const r of ROLLUPS) {
    const dims = rollupDimsSql(r);
    const order = Array.from({ length: r.dims.length + 1 }, (_, i) => i + 1).join(", ");
    checks.push({
      table: r.table,
      stored: await queryRows(
        db,
        sql.raw(`select day::text as day, ${dims}, requests::text as requests, errors::text as errors,
          input_tokens::text as input_tokens, output_tokens::text as output_tokens, cache_read_tokens::text as cache_read_tokens,
          cache_write_tokens::text as cache_write_tokens, reasoning_tokens::text as reasoning_tokens,
          cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd
        from ${r.table} order by ${order}`),
      ),
      expected: await queryRows(
        db,
        sql.raw(`select ("timestamp" at time zone 'UTC')::date::text as day, ${dims}, count(*)::text as requests,
          count(*) filter (where status = 'error')::text as errors, sum(input_tokens)::text as input_tokens,
          sum(output_tokens)::text as output_tokens, sum(cache_read_tokens)::text as cache_read_tokens,
          sum(cache_write_tokens)::text as cache_write_tokens, sum(reasoning_tokens)::text as reasoning_tokens,
          sum(cost_usd)::text as cost_usd, sum(list_cost_usd)::text as list_cost_usd
        from events group by 1, ${dims} order by ${order}`),
      ),
    });
  }
  checks.push({
    table: "session_monthly",
    stored: await queryRows(
      db,
      sql.raw(`select month::text as month, session, requests::text as requests, cost_usd::text as cost_usd,
        list_cost_usd::text as list_cost_usd, ${ISO("first_at")} as first_at, ${ISO("last_at")} as last_at, "user", agent, repo
      from session_monthly order by 1, 2`),
    ),
    expected: await queryRows(
      db,
      sql.raw(`select date_trunc('month', "timestamp" at time zone 'UTC')::date::text as month, session, count(*)::text as requests,
        sum(cost_usd)::text as cost_usd, sum(list_cost_usd)::text as list_cost_usd, ${ISO('min("timestamp")')} as first_at,
        ${ISO('max("timestamp")')} as last_at, min("user") as "user", min(agent) as agent, min(repo) as repo
      from events where session is not null group by 1, 2 order by 1, 2`),
    ),
  });
  checks.push({
    table: "session_monthly_totals",
    stored: await queryRows(
      db,
      sql`select month::text as month, sessions::text as sessions, requests::text as requests, cost_usd::text as cost_usd,
        list_cost_usd::text as list_cost_usd
      from session_monthly_totals order by 1`,
    ),
    expected: await queryRows(
      db,
      sql`select date_trunc('month', "timestamp" at time zone 'UTC')::date::text as month, count(distinct session)::text as sessions,
        count(*)::text as requests, sum(cost_usd)::text as cost_usd, sum(list_cost_usd)::text as list_cost_usd
      from events where session is not null group by 1 order by 1`,
    ),
  });
  return checks;
}

/**
 * Starts `fold` (a fold call) and returns once it has taken its snapshot and waits at its delete of the marks (a
 * transaction holds them `for update`; Postgres only), so a test can write or move events under it. `resume` lets
 * the fold go on and gives its result.
 */
export async function foldPausedAfterSnapshot<T>(db: Db, fold: () => Promise<T>): Promise<{ resume: () => Promise<T> }> {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  let locked = () => {};
  const marksLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holder = db.transaction(async (tx) => {
    await tx.execute(sql`select * from aggregate_marks for update`);
    locked();
    await held;
  });
  await marksLocked;
  const result = fold();
  for (let waited = 0; ; waited += 20) {
    const [w] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from aggregate_marks%'`,
    );
    if (w?.n === 1) break;
    if (waited > 10_000) throw new Error("the fold never reached its delete of the marks");
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    resume: async () => {
      release();
      await holder;
      return result;
    },
  };
}
