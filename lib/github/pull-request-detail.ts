import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { effectiveSum } from "@/lib/effective/event-shares";
import { prEventsWithShares } from "./pull-requests";
import type { PullRequestState } from "./schemas";

/** Calls listed on a PR page; the totals cover all of them. */
export const PR_CALL_LIMIT = 2000;

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

export interface PullRequestDetail {
  pr: {
    repo: string;
    number: number;
    title: string;
    author: string | null;
    author_is_bot: boolean;
    state: PullRequestState;
    html_url: string | null;
    head_ref: string;
    opened_at: string;
    merged_at: string | null;
    closed_at: string | null;
    additions: number | null;
    deletions: number | null;
  };
  totals: {
    requests: number;
    sessions: number;
    input_tokens: number;
    output_tokens: number;
    cost_usd: string;
    list_cost_usd: string;
    effective_cost_usd: string;
  };
  /** The workflow steps (planning, exploration, codegen, testing, review, …) and what each cost. */
  byWorkflow: { workflow: string | null; requests: number; cost_usd: string; effective_cost_usd: string; list_cost_usd: string }[];
  sessions: {
    session: string | null;
    requests: number;
    cost_usd: string;
    effective_cost_usd: string;
    list_cost_usd: string;
    started_at: string;
    ended_at: string;
    models: string[];
  }[];
  calls: {
    id: string;
    timestamp: string;
    model: string;
    workflow: string | null;
    tool: string | null;
    session: string | null;
    status: string;
    input_tokens: number;
    output_tokens: number;
    cost_usd: string;
    effective_cost_usd: string;
    list_cost_usd: string;
    cumulative_cost_usd: string;
    cumulative_effective_cost_usd: string;
    cumulative_list_cost_usd: string;
  }[];
}

/** One pull request with the sessions and calls the join gives it, or null when GitHub never told us about it. */
export async function getPullRequest(ctx: Ctx, repo: string, number: number): Promise<PullRequestDetail | null> {
  assertCan(ctx.actor, "dashboards:read");
  if (!Number.isSafeInteger(number) || number < 1 || repo.length > 200) return null;
  const [pr] = await queryRows<PullRequestDetail["pr"]>(
    ctx.db,
    sql`select repo, number, title, author, author_is_bot, state, html_url, head_ref, ${iso("opened_at")} as opened_at,
          ${iso("merged_at")} as merged_at, ${iso("closed_at")} as closed_at, additions, deletions
        from pull_requests where repo = ${repo} and number = ${number}`,
  );
  if (!pr) return null;
  const joined = await prEventsWithShares(ctx, sql`repo = ${repo} and number = ${number}`);
  const measures = sql`sum(cost_usd)::numeric(30, 10)::text as cost_usd, ${effectiveSum(sql`sum(cost_usd)`, sql`sum(alloc)`)} as effective_cost_usd,
    sum(list_cost_usd)::numeric(30, 10)::text as list_cost_usd`;
  const [totals, byWorkflow, sessions, calls] = await Promise.all([
    queryRows<PullRequestDetail["totals"]>(
      ctx.db,
      sql`select count(*)::int as requests, count(distinct session)::int as sessions,
            coalesce(sum(input_tokens), 0)::bigint::float8 as input_tokens, coalesce(sum(output_tokens), 0)::bigint::float8 as output_tokens,
            coalesce(sum(cost_usd), 0)::numeric(30, 10)::text as cost_usd, coalesce(sum(list_cost_usd), 0)::numeric(30, 10)::text as list_cost_usd,
            ${effectiveSum(sql`sum(cost_usd)`, sql`sum(alloc)`)} as effective_cost_usd
          from (${joined}) pe`,
    ),
    queryRows<PullRequestDetail["byWorkflow"][number]>(
      ctx.db,
      sql`select workflow, count(*)::int as requests, ${measures}
          from (${joined}) pe group by workflow order by sum(cost_usd) + sum(alloc) desc, workflow nulls last`,
    ),
    queryRows<PullRequestDetail["sessions"][number]>(
      ctx.db,
      sql`select session, count(*)::int as requests, ${measures},
            ${iso('min("timestamp")')} as started_at, ${iso('max("timestamp")')} as ended_at, array_agg(distinct model) as models
          from (${joined}) pe group by session order by sum(cost_usd) + sum(alloc) desc, session nulls last`,
    ),
    queryRows<PullRequestDetail["calls"][number]>(
      ctx.db,
      sql`select id, ${iso('"timestamp"')} as timestamp, model, workflow, tool, session, status, input_tokens, output_tokens,
            cost_usd::numeric(30, 10)::text as cost_usd, ${effectiveSum(sql`cost_usd`, sql`alloc`)} as effective_cost_usd,
            list_cost_usd::numeric(30, 10)::text as list_cost_usd,
            (sum(cost_usd) over w)::numeric(30, 10)::text as cumulative_cost_usd,
            ${effectiveSum(sql`sum(cost_usd) over w`, sql`sum(alloc) over w`)} as cumulative_effective_cost_usd,
            (sum(list_cost_usd) over w)::numeric(30, 10)::text as cumulative_list_cost_usd
          from (${joined}) pe
          window w as (order by "timestamp", id rows unbounded preceding)
          order by "timestamp", id limit ${PR_CALL_LIMIT}`,
    ),
  ]);
  const t = totals[0] ?? {
    requests: 0,
    sessions: 0,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: "0",
    list_cost_usd: "0",
    effective_cost_usd: "0",
  };
  return {
    pr,
    totals: { ...t, input_tokens: Number(t.input_tokens), output_tokens: Number(t.output_tokens) },
    byWorkflow,
    sessions,
    calls,
  };
}
