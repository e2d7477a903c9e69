import "server-only";
import Big from "big.js";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";
import { effectiveSum, eventAllocation, withEventShares } from "@/lib/effective/event-shares";
import { parseQuery } from "@/lib/http/parse-query";
import { usdString } from "@/lib/money";
import { type PullRequestState, PullRequestsInput } from "./schemas";

export interface PullRequestRow {
  repo: string;
  number: number;
  title: string;
  author: string | null;
  state: PullRequestState;
  merged_at: string | null;
  closed_at: string | null;
  cost_usd: string;
  /** What the calls would have cost at API prices. */
  list_cost_usd: string;
  /** Metered cost plus the plan fees allocated to the PR's calls (lib/effective). */
  effective_cost_usd: string;
  requests: number;
  sessions: number;
  input_tokens: number;
  output_tokens: number;
}

export interface PullRequestSummary {
  merged: number;
  closed: number;
  cost_per_merged_pr_usd: string | null;
  abandoned_cost_usd: string;
  effective_cost_per_merged_pr_usd: string | null;
  effective_abandoned_cost_usd: string;
  list_cost_per_merged_pr_usd: string | null;
  list_abandoned_cost_usd: string;
}

export interface PullRequestList {
  summary: PullRequestSummary;
  rows: PullRequestRow[];
}

const ZERO = "0.0000000000";

const PR_EVENT_COLUMNS = sql.raw(`p.repo, p.number, p.state, p.merged_at, e.id, e."timestamp", e.session, e.model, e.provider,
  e.workflow, e.tool, e.input_tokens, e.output_tokens, e.cost_usd, e.list_cost_usd, e.status, e.plan, e."user", e.api_key`);

/**
 * The DESIGN §3.4 join as SQL over `events` and `pull_requests`: an event belongs to PR (R, N) when
 * `repo = R` and `pr = N`; or `pr` is empty, `branch` is the PR's head branch, and the event happened before the
 * PR ended (merged/closed) and after the previous PR of that branch in that repo ended. While an earlier PR of the
 * branch is still open, branch-only events stay with it (its end is infinity), so nothing is counted twice.
 */
export function prEventsSql(where: SQL): SQL {
  return sql`with prs as (
      select repo, number, title, author, state, head_ref, merged_at, closed_at,
        coalesce(merged_at, closed_at, 'infinity'::timestamptz) as ended_at,
        coalesce(lag(coalesce(merged_at, closed_at, 'infinity'::timestamptz)) over (partition by repo, head_ref order by opened_at, number),
          '-infinity'::timestamptz) as previous_ended_at
      from pull_requests
    ), selected as (select * from prs where ${where})
    select ${PR_EVENT_COLUMNS} from selected p join events e on e.repo = p.repo and e.pr = p.number
    union all
    select ${PR_EVENT_COLUMNS} from selected p join events e on e.repo = p.repo and e.pr is null and e.branch = p.head_ref
      and e."timestamp" < p.ended_at and e."timestamp" >= p.previous_ended_at`;
}

/**
 * `prEventsSql` with each event's share of plan fees (`alloc`, unrounded; lib/effective/event-shares.ts): what the
 * PR queries read, so effective cost per PR is metered cost + Σ alloc.
 */
export async function prEventsWithShares(ctx: Ctx, where: SQL): Promise<SQL> {
  const events = prEventsSql(where);
  return withEventShares(events, await eventAllocation(ctx, events));
}

/** Pull requests with what their events cost; merged and closed ones by the date they ended, open ones always. */
export async function listPullRequests(ctx: Ctx, input: PullRequestsInput): Promise<PullRequestList> {
  assertCan(ctx.actor, "dashboards:read");
  const conditions: SQL[] = [
    sql`(state = 'open' or (coalesce(merged_at, closed_at) >= ${input.from}::date::timestamp at time zone 'UTC'
      and coalesce(merged_at, closed_at) < (${input.to}::date + 1)::timestamp at time zone 'UTC'))`,
  ];
  if (input.repo) conditions.push(sql`repo = ${input.repo}`);
  if (input.state) conditions.push(sql`state = ${input.state}`);
  const where = sql.join(conditions, sql` and `);
  const events = await prEventsWithShares(ctx, where);
  const rows = await queryRows<PullRequestRow>(
    ctx.db,
    sql`with costs as (
          select repo, number, count(*)::int as requests, count(distinct session)::int as sessions,
            sum(input_tokens)::bigint::float8 as input_tokens, sum(output_tokens)::bigint::float8 as output_tokens,
            sum(cost_usd) as cost_usd, sum(list_cost_usd) as list_cost_usd, sum(alloc) as alloc
          from (${events}) pe group by repo, number
        )
        select p.repo, p.number, p.title, p.author, p.state,
          to_char(p.merged_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as merged_at,
          to_char(p.closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as closed_at,
          coalesce(c.cost_usd, 0)::numeric(30, 10)::text as cost_usd, coalesce(c.list_cost_usd, 0)::numeric(30, 10)::text as list_cost_usd,
          ${effectiveSum(sql`c.cost_usd`, sql`c.alloc`)} as effective_cost_usd, coalesce(c.requests, 0) as requests,
          coalesce(c.sessions, 0) as sessions, coalesce(c.input_tokens, 0) as input_tokens, coalesce(c.output_tokens, 0) as output_tokens
        from (select * from pull_requests where ${where}) p left join costs c on c.repo = p.repo and c.number = p.number
        order by coalesce(c.cost_usd, 0) desc, p.repo, p.number`,
  );
  for (const r of rows) {
    r.input_tokens = Number(r.input_tokens);
    r.output_tokens = Number(r.output_tokens);
  }
  return { summary: summarise(rows), rows };
}

/** Cost per merged PR and abandoned (closed unmerged) cost, in each measure, from the PRs' exact figures. */
export function summarise(rows: readonly PullRequestRow[]): PullRequestSummary {
  const merged = rows.filter((r) => r.state === "merged");
  const closed = rows.filter((r) => r.state === "closed");
  const sum = (rs: readonly PullRequestRow[], field: "cost_usd" | "effective_cost_usd" | "list_cost_usd") =>
    rs.reduce((s, r) => s.plus(r[field]), new Big(0));
  const perMerged = (field: "cost_usd" | "effective_cost_usd" | "list_cost_usd") =>
    merged.length > 0 ? usdString(sum(merged, field).div(merged.length)) : null;
  const abandoned = (field: "cost_usd" | "effective_cost_usd" | "list_cost_usd") => {
    const total = sum(closed, field);
    return total.eq(0) ? ZERO : usdString(total);
  };
  return {
    merged: merged.length,
    closed: closed.length,
    cost_per_merged_pr_usd: perMerged("cost_usd"),
    abandoned_cost_usd: abandoned("cost_usd"),
    effective_cost_per_merged_pr_usd: perMerged("effective_cost_usd"),
    effective_abandoned_cost_usd: abandoned("effective_cost_usd"),
    list_cost_per_merged_pr_usd: perMerged("list_cost_usd"),
    list_abandoned_cost_usd: abandoned("list_cost_usd"),
  };
}

/** Parses the query string of `GET /api/v1/pull-requests`; unknown parameters are an error. */
export function parsePullRequestsQuery(params: URLSearchParams, now = new Date()): PullRequestsInput {
  const today = utcToday(now);
  const raw: Record<string, string> = { from: monthStartOf(today), to: today };
  for (const [k, v] of params) raw[k] = v;
  return parseQuery(PullRequestsInput, raw);
}
