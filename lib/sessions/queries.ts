import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { effectiveSum, eventAllocation, withEventShares } from "@/lib/effective/event-shares";
import { AppError } from "@/lib/errors";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";

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
  /** Metered cost plus the call's share of its plan-day's fee (lib/effective), and its running total. */
  effective_cost_usd: string;
  cumulative_effective_cost_usd: string;
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
  effective_cost_usd: string;
  started_at: string;
  ended_at: string;
  users: string[];
  repos: string[];
  branches: string[];
  models: string[];
}

const SessionId = z.string().min(1).max(200).refine(isStorableText, STORABLE_TEXT_MESSAGE);
const MONTH_START = /^\d{4}-(0[1-9]|1[0-2])-01$/;

/** One session's calls in time order with cumulative cost, or null when no event carries that session. */
export async function getSession(ctx: Ctx, session: string): Promise<{ summary: SessionSummary; calls: SessionCall[] } | null> {
  assertCan(ctx.actor, "dashboards:read");
  if (!SessionId.safeParse(session).success) return null;
  const own = sql`select * from events where session = ${session}`;
  const events = withEventShares(own, await eventAllocation(ctx, own));
  const [summary] = await queryRows<SessionSummary>(
    ctx.db,
    sql`select ${session} as session, count(*)::int as requests,
          count(*) filter (where status = 'error')::int as errors,
          coalesce(sum(input_tokens), 0)::bigint::float8 as input_tokens,
          coalesce(sum(output_tokens), 0)::bigint::float8 as output_tokens,
          coalesce(sum(cost_usd), 0)::text as cost_usd, coalesce(sum(list_cost_usd), 0)::text as list_cost_usd,
          ${effectiveSum(sql`sum(cost_usd)`, sql`sum(alloc)`)} as effective_cost_usd,
          ${sql.raw(isoTimestamp('min("timestamp")'))} as started_at, ${sql.raw(isoTimestamp('max("timestamp")'))} as ended_at,
          coalesce(array_agg(distinct "user") filter (where "user" is not null), '{}') as users,
          coalesce(array_agg(distinct repo) filter (where repo is not null), '{}') as repos,
          coalesce(array_agg(distinct branch) filter (where branch is not null), '{}') as branches,
          array_agg(distinct model) as models
        from (${events}) e`,
  );
  if (!summary || summary.requests === 0) return null;
  const calls = await queryRows<SessionCall>(
    ctx.db,
    sql`select id, ${sql.raw(isoTimestamp('"timestamp"'))} as timestamp, provider, model, surface,
          input_tokens, output_tokens, cache_read_tokens, cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd,
          (sum(cost_usd) over w)::text as cumulative_cost_usd, (sum(list_cost_usd) over w)::text as cumulative_list_cost_usd,
          ${effectiveSum(sql`cost_usd`, sql`alloc`)} as effective_cost_usd,
          ${effectiveSum(sql`sum(cost_usd) over w`, sql`sum(alloc) over w`)} as cumulative_effective_cost_usd,
          status, latency_ms, tool, agent
        from (${events}) e
        window w as (order by "timestamp", id rows unbounded preceding)
        order by "timestamp", id
        limit ${SESSION_CALL_LIMIT}`,
  );
  return { summary: { ...summary, input_tokens: Number(summary.input_tokens), output_tokens: Number(summary.output_tokens) }, calls };
}

export interface RemovedSessionMonth {
  month: string;
  requests: number;
  cost_usd: string;
  list_cost_usd: string;
}

/**
 * What retention removed of a session (its calls before the period's first month, `keepFrom`): the per-month totals
 * `session_monthly` still holds for those months, oldest first. Null without retention or when nothing was removed.
 */
export async function getRemovedSessionMonths(
  ctx: Ctx,
  session: string,
  now = new Date(),
): Promise<{ keepFrom: string; months: RemovedSessionMonth[] } | null> {
  assertCan(ctx.actor, "dashboards:read");
  const keepFrom = retentionKeepFrom(now);
  if (keepFrom === null || !SessionId.safeParse(session).success) return null;
  const months = await queryRows<RemovedSessionMonth & { requests: number | string }>(
    ctx.db,
    sql`select month::text as month, requests, cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd
      from session_monthly where session = ${session} and month < ${keepFrom}::date order by month`,
  );
  if (months.length === 0) return null;
  return { keepFrom, months: months.map((m) => ({ ...m, requests: Number(m.requests) })) };
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
 * Sessions of a UTC calendar month (`month` = its first day, YYYY-MM-01): how many had calls in it, what those calls
 * cost, and the most expensive sessions (by metered cost, then list cost). Reads `session_monthly`, which ingest
 * keeps exact, so it costs a few index entries whatever the traffic. A session spanning two months counts in both,
 * with the calls of each.
 */
export async function getMonthSessionStats(ctx: Ctx, month: string, limit = 5): Promise<SessionStats> {
  assertCan(ctx.actor, "dashboards:read");
  if (!MONTH_START.test(month)) throw new AppError("invalid_query", `month must be the first day of a month, got ${month}`);
  const rows = await queryRows<TopSession & { sessions: number; total_cost_usd: string }>(
    ctx.db,
    sql`select s.session, s.requests::int as requests, s.cost_usd::text as cost_usd, s.list_cost_usd::text as list_cost_usd,
          ${sql.raw(isoTimestamp("s.first_at"))} as started_at, ${sql.raw(isoTimestamp("s.last_at"))} as ended_at,
          s."user", s.agent, s.repo, t.sessions::int as sessions, t.cost_usd::text as total_cost_usd
        from session_monthly s, lateral (select sessions, cost_usd from session_monthly_totals where month = s.month) t
        where s.month = ${month}::date
        order by s.cost_usd desc nulls last, s.list_cost_usd desc nulls last, s.session
        limit ${limit}`,
  );
  const first = rows[0];
  return {
    sessions: first?.sessions ?? 0,
    cost_usd: first?.total_cost_usd ?? "0.0000000000",
    top: rows.map(({ sessions: _s, total_cost_usd: _t, ...top }) => top),
  };
}
