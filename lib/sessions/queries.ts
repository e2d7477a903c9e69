import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/client";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { addDays } from "@/lib/overview/periods";
import { utcToday } from "@/lib/spend/schemas";
import { refreshSessionDays } from "./refresh-session-days";

/** A timestamptz column as an RFC 3339 UTC string with milliseconds. */
function isoTimestamp(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Calls shown on one session page; the totals always cover the whole session. */
export const SESSION_CALL_LIMIT = 5000;

export interface SessionCall {
  id: string;
  timestamp: string;
  provider: string;
  model: string;
  surface: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  /** Running totals over the session's calls in time order (exact decimals). */
  cumulative_cost_usd: string;
  cumulative_list_cost_usd: string;
  status: string;
  latency_ms: number | null;
  tool: string | null;
  agent: string | null;
}

export interface SessionSummary {
  session: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  started_at: string;
  ended_at: string;
  users: string[];
  repos: string[];
  branches: string[];
  models: string[];
}

const SessionId = z.string().min(1).max(200);

/** One session's calls in time order with cumulative cost, or null when no event carries that session. */
export async function getSession(ctx: Ctx, session: string): Promise<{ summary: SessionSummary; calls: SessionCall[] } | null> {
  assertCan(ctx.actor, "dashboards:read");
  if (!SessionId.safeParse(session).success) return null;
  const [summary] = await queryRows<SessionSummary>(
    ctx.db,
    sql`select ${session} as session, count(*)::int as requests,
          count(*) filter (where status = 'error')::int as errors,
          coalesce(sum(input_tokens), 0)::bigint::float8 as input_tokens,
          coalesce(sum(output_tokens), 0)::bigint::float8 as output_tokens,
          coalesce(sum(cost_usd), 0)::text as cost_usd, coalesce(sum(list_cost_usd), 0)::text as list_cost_usd,
          ${sql.raw(isoTimestamp('min("timestamp")'))} as started_at, ${sql.raw(isoTimestamp('max("timestamp")'))} as ended_at,
          coalesce(array_agg(distinct "user") filter (where "user" is not null), '{}') as users,
          coalesce(array_agg(distinct repo) filter (where repo is not null), '{}') as repos,
          coalesce(array_agg(distinct branch) filter (where branch is not null), '{}') as branches,
          array_agg(distinct model) as models
        from events where session = ${session}`,
  );
  if (!summary || summary.requests === 0) return null;
  const calls = await queryRows<SessionCall>(
    ctx.db,
    sql`select id, ${sql.raw(isoTimestamp('"timestamp"'))} as timestamp, provider, model, surface,
          input_tokens, output_tokens, cache_read_tokens, cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd,
          (sum(cost_usd) over w)::text as cumulative_cost_usd, (sum(list_cost_usd) over w)::text as cumulative_list_cost_usd,
          status, latency_ms, tool, agent
        from events where session = ${session}
        window w as (order by "timestamp", id rows unbounded preceding)
        order by "timestamp", id
        limit ${SESSION_CALL_LIMIT}`,
  );
  return { summary: { ...summary, input_tokens: Number(summary.input_tokens), output_tokens: Number(summary.output_tokens) }, calls };
}

export interface TopSession {
  session: string;
  requests: number;
  cost_usd: string;
  list_cost_usd: string;
  started_at: string;
  ended_at: string;
  user: string | null;
  agent: string | null;
  repo: string | null;
}

export interface SessionStats {
  sessions: number;
  /** Metered cost of the calls that belong to a session (calls without one are not averaged in). */
  cost_usd: string;
  top: TopSession[];
}

/**
 * Sessions of a UTC date range: how many, what they cost, and the most expensive ones (by metered cost, then
 * list cost). Closed days come from `session_daily` (brought up to date first); today from the raw events.
 */
export async function getSessionStats(ctx: Ctx, range: { from: string; to: string }, limit = 5, now = new Date()): Promise<SessionStats> {
  assertCan(ctx.actor, "dashboards:read");
  const today = utcToday(now);
  const closedTo = range.to < today ? range.to : addDays(today, -1);
  await refreshSessionDays(ctx.db, range.from, closedTo);
  // Raw events cover only today (ISO dates compare as text).
  let rawFrom = today;
  if (range.from > today) rawFrom = range.from;
  const rows = await queryRows<TopSession & { sessions: number; total_cost_usd: string }>(
    ctx.db,
    sql`with parts as (
          select session, requests, cost_usd, list_cost_usd, first_at, last_at, "user", agent, repo
          from session_daily where day between ${range.from}::date and ${closedTo}::date
          union all
          select session, count(*), sum(cost_usd), sum(list_cost_usd), min("timestamp"), max("timestamp"), min("user"), min(agent), min(repo)
          from events
          where session is not null and ${range.to}::date >= ${today}::date
            and "timestamp" >= ${rawFrom}::timestamp at time zone 'UTC'
            and "timestamp" < (${range.to}::date + 1)::timestamp at time zone 'UTC'
          group by session
        ), per_session as (
          select session, sum(requests)::int as requests, sum(cost_usd) as cost, sum(list_cost_usd) as list_cost,
            min(first_at) as first_at, max(last_at) as last_at, min("user") as "user", min(agent) as agent, min(repo) as repo
          from parts group by session
        )
        select session, requests, cost::text as cost_usd, list_cost::text as list_cost_usd,
          ${sql.raw(isoTimestamp("first_at"))} as started_at, ${sql.raw(isoTimestamp("last_at"))} as ended_at,
          "user", agent, repo, (count(*) over ())::int as sessions, (sum(cost) over ())::text as total_cost_usd
        from per_session
        order by cost desc, list_cost desc, session
        limit ${limit}`,
  );
  const first = rows[0];
  return {
    sessions: first?.sessions ?? 0,
    cost_usd: first?.total_cost_usd ?? "0.0000000000",
    top: rows.map(({ sessions: _s, total_cost_usd: _t, ...top }) => top),
  };
}
