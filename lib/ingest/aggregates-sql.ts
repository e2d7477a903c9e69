import { sqlColumn } from "@/lib/dimensions/registry";
import { ROLLUPS, type Rollup, rollupDimsSql, rollupKeySql } from "@/lib/dimensions/rollups";

export const MEASURES = [
  "requests",
  "errors",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "list_cost_usd",
];

/** The widest rollup's dimensions: every other rollup's are a subset, so each can be summed from its groups. */
const WIDEST = ROLLUPS[ROLLUPS.length - 1] as Rollup;

function rollupUpsert(r: Rollup): string {
  const dims = rollupDimsSql(r);
  return `insert into ${r.table} as r (day, dims_key, ${dims}, ${MEASURES.join(", ")})
      select day, ${rollupKeySql(r)}, ${dims}, ${MEASURES.map((m) => `sum(${m})`).join(", ")}
      from day_groups
      group by day, ${dims}
      order by 1, 2
      on conflict (day, dims_key) do update set ${MEASURES.map((m) => `${m} = r.${m} + excluded.${m}`).join(", ")}
      returning 1`;
}

/**
 * The CTEs (SQL text) that add the events of `source` to every daily rollup and to the per-session monthly totals.
 * `source` is a relation with the events' columns: `ins` (the rows the ingest statement just inserted) or, in the
 * dashboard benchmark, a subquery over `events`. The events are grouped once by day and the widest rollup's
 * dimensions; each rollup sums those groups. A session is new to a month when its row, after the upsert, holds no
 * more calls than this batch brought (an existing row already had at least one). Every upsert goes in key order,
 * and the CTEs run one after another, so concurrent batches take their row locks in the same order.
 */
export function aggregateCtes(source: string): string {
  return `${dayGroups(source, "")},
    ${ROLLUPS.map((r, i) => `rollup_${i} as (${rollupUpsert(r)})`).join(",\n    ")},
    ${MARK_DAYS},
    session_batch as (
      select date_trunc('month', "timestamp" at time zone 'UTC')::date as month, session, count(*) as requests,
        sum(cost_usd) as cost_usd, sum(list_cost_usd) as list_cost_usd, min("timestamp") as first_at, max("timestamp") as last_at,
        min("user") as "user", min(agent) as agent, min(repo) as repo
      from ${source}
      where session is not null
      group by 1, 2
    ), session_up as (
      insert into session_monthly as s (month, session, requests, cost_usd, list_cost_usd, first_at, last_at, "user", agent, repo)
      select month, session, requests, cost_usd, list_cost_usd, first_at, last_at, "user", agent, repo
      from session_batch order by month, session
      on conflict (month, session) do update set
        requests = s.requests + excluded.requests, cost_usd = s.cost_usd + excluded.cost_usd,
        list_cost_usd = s.list_cost_usd + excluded.list_cost_usd,
        first_at = least(s.first_at, excluded.first_at), last_at = greatest(s.last_at, excluded.last_at),
        "user" = least(s."user", excluded."user"), agent = least(s.agent, excluded.agent), repo = least(s.repo, excluded.repo)
      returning month, session, requests
    ), session_totals_up as (
      insert into session_monthly_totals as t (month, sessions, requests, cost_usd, list_cost_usd)
      select b.month, count(*) filter (where u.requests = b.requests), sum(b.requests), sum(b.cost_usd), sum(b.list_cost_usd)
      from session_batch b join session_up u on u.month = b.month and u.session = b.session
      group by b.month order by b.month
      on conflict (month) do update set
        sessions = t.sessions + excluded.sessions, requests = t.requests + excluded.requests,
        cost_usd = t.cost_usd + excluded.cost_usd, list_cost_usd = t.list_cost_usd + excluded.list_cost_usd
      returning 1
    )`;
}

/**
 * Marks the days of `day_groups` for the screen aggregates' fold (lib/aggregates/fold.ts), in the statement that
 * writes their events: the mark becomes visible in the same commit as the events.
 */
const MARK_DAYS = `day_marks as (insert into aggregate_marks (day) select distinct day from day_groups returning 1)`;

/** The events of `source` grouped by day and the widest rollup's dimensions; `sign` "-" negates every measure. */
function dayGroups(source: string, sign: "" | "-"): string {
  const dims = rollupDimsSql(WIDEST);
  return `day_groups as (
      select ("timestamp" at time zone 'UTC')::date as day, ${dims}, ${sign}count(*) as requests,
        ${sign}count(*) filter (where status = 'error') as errors, ${sign}sum(input_tokens) as input_tokens,
        ${sign}sum(output_tokens) as output_tokens, ${sign}sum(cache_read_tokens) as cache_read_tokens,
        ${sign}sum(cache_write_tokens) as cache_write_tokens, ${sign}sum(reasoning_tokens) as reasoning_tokens,
        ${sign}sum(cost_usd) as cost_usd, ${sign}sum(list_cost_usd) as list_cost_usd
      from ${source}
      group by 1, ${dims}
    )`;
}

/**
 * The CTEs that take the events of `source` (deleted rows: `del`) back out of every daily rollup. Only for events
 * without a session (a coding tool's synced events): the per-session totals are not touched. A rollup group left
 * with no request holds no event any more: the caller deletes it.
 */
export function subtractCtes(source: string): string {
  return `${dayGroups(source, "-")},
    ${ROLLUPS.map((r, i) => `rollup_${i} as (${rollupUpsert(r)})`).join(",\n    ")},
    ${MARK_DAYS}`;
}

/**
 * The CTEs that apply a change of stored events to every daily rollup and to the per-session totals: `source` holds
 * each changed event twice, as it was (`sgn` -1) and as it is now (`sgn` 1), with the columns of
 * `AGGREGATE_COLUMNS`. A repriced event may move between rollup groups (its `cost_source`); its session and month
 * stay, so the session rows change by their cost only. A group left with no request is the caller's to delete.
 */
export function changeCtes(source: string): string {
  const dims = rollupDimsSql(WIDEST);
  const signed = (m: string) => `sum(sgn * ${m})`;
  return `day_groups as (
      select ("timestamp" at time zone 'UTC')::date as day, ${dims}, sum(sgn) as requests,
        coalesce(sum(sgn) filter (where status = 'error'), 0) as errors, ${signed("input_tokens")} as input_tokens,
        ${signed("output_tokens")} as output_tokens, ${signed("cache_read_tokens")} as cache_read_tokens,
        ${signed("cache_write_tokens")} as cache_write_tokens, ${signed("reasoning_tokens")} as reasoning_tokens,
        ${signed("cost_usd")} as cost_usd, ${signed("list_cost_usd")} as list_cost_usd
      from ${source}
      group by 1, ${dims}
    ),
    ${ROLLUPS.map((r, i) => `rollup_${i} as (${rollupUpsert(r)})`).join(",\n    ")},
    ${MARK_DAYS},
    session_change as (
      select date_trunc('month', "timestamp" at time zone 'UTC')::date as month, session,
        ${signed("cost_usd")} as cost_usd, ${signed("list_cost_usd")} as list_cost_usd
      from ${source}
      where session is not null
      group by 1, 2
    ), session_change_up as (
      insert into session_monthly as s (month, session, requests, cost_usd, list_cost_usd, first_at, last_at)
      select month, session, 0, cost_usd, list_cost_usd, 'infinity', '-infinity' from session_change order by month, session
      on conflict (month, session) do update set
        cost_usd = s.cost_usd + excluded.cost_usd, list_cost_usd = s.list_cost_usd + excluded.list_cost_usd
      returning 1
    ), session_totals_change as (
      insert into session_monthly_totals as t (month, sessions, requests, cost_usd, list_cost_usd)
      select month, 0, 0, sum(cost_usd), sum(list_cost_usd) from session_change group by month order by month
      on conflict (month) do update set
        cost_usd = t.cost_usd + excluded.cost_usd, list_cost_usd = t.list_cost_usd + excluded.list_cost_usd
      returning 1
    )`;
}

/** The columns `aggregateCtes` reads from its source. */
export const AGGREGATE_COLUMNS: readonly string[] = [
  `"timestamp"`,
  ...WIDEST.dims.map(sqlColumn),
  "session",
  "status",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "list_cost_usd",
];

export const AGGREGATE_SOURCE_COLUMNS = AGGREGATE_COLUMNS.join(", ");

/** `2026-11-03` → a date literal; anything else throws (these statements are built as text). */
function dayLiteral(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
  return `'${day}'::date`;
}

/**
 * A statement (SQL text) that adds the events of one UTC day to rollup `r` alone, for a day the rollup holds nothing
 * of yet (a new rollup's backfill, lib/aggregates/backfill.ts).
 */
export function rollupDayFromEventsSql(r: Rollup, day: string): string {
  const d = dayLiteral(day);
  return `with ${dayGroups(`events where "timestamp" >= (${d})::timestamp at time zone 'UTC' and "timestamp" < (${d} + 1)::timestamp at time zone 'UTC'`, "")},
    up as (${rollupUpsert(r)})
    select count(*)::int as n from up`;
}

/**
 * A statement (SQL text) that gives every row of rollup `r` on day `$1` the key its dimensions have now (after a
 * dimension joined the rollup, lib/aggregates/backfill.ts): rows whose key is stale are taken out and added back
 * under their key, merging with a row ingest may have written under it meanwhile.
 */
export function rekeyRollupDaySql(r: Rollup, day: string): string {
  const dims = rollupDimsSql(r);
  return `with stale as (
      delete from ${r.table} where day = ${dayLiteral(day)} and dims_key <> ${rollupKeySql(r)} returning *
    ), up as (
      insert into ${r.table} as r (day, dims_key, ${dims}, ${MEASURES.join(", ")})
      select day, ${rollupKeySql(r)}, ${dims}, ${MEASURES.map((m) => `sum(${m})`).join(", ")}
      from stale group by day, ${dims}
      order by 1, 2
      on conflict (day, dims_key) do update set ${MEASURES.map((m) => `${m} = r.${m} + excluded.${m}`).join(", ")}
      returning 1
    )
    select count(*)::int as n from up`;
}
