import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/client";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

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
          to_char(min("timestamp") at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at,
          to_char(max("timestamp") at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ended_at,
          coalesce(array_agg(distinct "user") filter (where "user" is not null), '{}') as users,
          coalesce(array_agg(distinct repo) filter (where repo is not null), '{}') as repos,
          coalesce(array_agg(distinct branch) filter (where branch is not null), '{}') as branches,
          array_agg(distinct model) as models
        from events where session = ${session}`,
  );
  if (!summary || summary.requests === 0) return null;
  const calls = await queryRows<SessionCall>(
    ctx.db,
    sql`select id, to_char("timestamp" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp, provider, model, surface,
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

/** Sessions of a UTC date range: how many, what they cost, and the most expensive ones (by metered cost, then list cost). */
export async function getSessionStats(ctx: Ctx, range: { from: string; to: string }, limit = 5): Promise<SessionStats> {
  assertCan(ctx.actor, "dashboards:read");
  const where = sql`session is not null and "timestamp" >= ${range.from}::timestamp at time zone 'UTC'
    and "timestamp" < (${range.to}::date + 1)::timestamp at time zone 'UTC'`;
  const [totals, top] = await Promise.all([
    queryRows<{ sessions: number; cost_usd: string }>(
      ctx.db,
      sql`select count(distinct session)::int as sessions, coalesce(sum(cost_usd), 0)::text as cost_usd from events where ${where}`,
    ),
    queryRows<TopSession>(
      ctx.db,
      sql`select session, count(*)::int as requests, sum(cost_usd)::text as cost_usd, sum(list_cost_usd)::text as list_cost_usd,
            to_char(min("timestamp") at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at,
            to_char(max("timestamp") at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ended_at,
            min("user") as "user", min(agent) as agent, min(repo) as repo
          from events where ${where}
          group by session
          order by sum(cost_usd) desc, sum(list_cost_usd) desc, session
          limit ${limit}`,
    ),
  ]);
  return { sessions: totals[0]?.sessions ?? 0, cost_usd: totals[0]?.cost_usd ?? "0", top };
}
