import "server-only";
import Big from "big.js";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { usdString } from "@/lib/money";
import { prEventsSql } from "./pull-requests";
import type { PullRequestsInput } from "./schemas";

export const BREAKDOWNS = ["repo", "workflow", "model", "tool"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface BreakdownRow {
  /** null: events without that tag. */
  value: string | null;
  merged_prs: number;
  cost_usd: string;
  /** Per repo: the repo's merged-PR cost ÷ its merged PRs. Per workflow, model, tool: ÷ every merged PR, so the rows add up. */
  cost_per_merged_pr_usd: string;
}

export interface WeekRow {
  week: string;
  merged: number;
  cost_usd: string;
  cost_per_merged_pr_usd: string | null;
}

export interface PullRequestStats {
  breakdowns: Record<Breakdown, BreakdownRow[]>;
  weekly: WeekRow[];
}

const perPr = (cost: string, prs: number) => (prs > 0 ? usdString(new Big(cost).div(prs)) : "0.0000000000");

function mergedIn(input: PullRequestsInput): SQL {
  const parts: SQL[] = [
    sql`state = 'merged'`,
    sql`merged_at >= ${input.from}::date::timestamp at time zone 'UTC'`,
    sql`merged_at < (${input.to}::date + 1)::timestamp at time zone 'UTC'`,
  ];
  if (input.repo) parts.push(sql`repo = ${input.repo}`);
  return sql.join(parts, sql` and `);
}

/**
 * Where merged PRs' money went (by repo, workflow step, model, tool — one grouping-sets scan) and how cost per
 * merged PR moves week by week (ISO weeks of the merge date), for the PRs merged in the range.
 */
export async function getPullRequestStats(ctx: Ctx, input: PullRequestsInput): Promise<PullRequestStats> {
  assertCan(ctx.actor, "dashboards:read");
  const where = mergedIn(input);
  const [groups, weeks, counts] = await Promise.all([
    queryRows<{
      repo: string | null;
      workflow: string | null;
      model: string | null;
      tool: string | null;
      set: number;
      prs: number;
      cost: string;
    }>(
      ctx.db,
      sql`select repo, workflow, model, tool, grouping(repo, workflow, model, tool)::int as set,
            count(distinct (repo, number))::int as prs, sum(cost_usd)::numeric(30, 10)::text as cost
          from (${prEventsSql(where)}) pe
          group by grouping sets ((repo), (workflow), (model), (tool))
          order by sum(cost_usd) desc`,
    ),
    queryRows<{ week: string; merged: number; cost: string }>(
      ctx.db,
      sql`with merged as (select repo, number, merged_at from pull_requests where ${where}),
          costs as (select repo, number, sum(cost_usd) as cost from (${prEventsSql(where)}) pe group by repo, number)
          select to_char(date_trunc('week', m.merged_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*)::int as merged,
            coalesce(sum(c.cost), 0)::numeric(30, 10)::text as cost
          from merged m left join costs c using (repo, number)
          group by 1 order by 1`,
    ),
    queryRows<{ repo: string; prs: number }>(
      ctx.db,
      sql`select repo, count(*)::int as prs from pull_requests where ${where} group by repo`,
    ),
  ]);
  const mergedByRepo = new Map(counts.map((c) => [c.repo, c.prs]));
  const allMerged = counts.reduce((n, c) => n + c.prs, 0);
  // grouping() bit order: repo 8, workflow 4, model 2, tool 1 — the one dimension *not* rolled up is the set.
  const SET: Record<Breakdown, number> = { repo: 7, workflow: 11, model: 13, tool: 14 };
  const breakdowns = Object.fromEntries(
    BREAKDOWNS.map((b) => [
      b,
      groups
        .filter((g) => g.set === SET[b])
        .map((g) => {
          const value = g[b];
          const denominator = b === "repo" ? (mergedByRepo.get(value ?? "") ?? 0) : allMerged;
          return { value, merged_prs: g.prs, cost_usd: g.cost, cost_per_merged_pr_usd: perPr(g.cost, denominator) };
        }),
    ]),
  ) as Record<Breakdown, BreakdownRow[]>;
  return {
    breakdowns,
    weekly: weeks.map((w) => ({
      week: w.week,
      merged: w.merged,
      cost_usd: w.cost,
      cost_per_merged_pr_usd: w.merged > 0 ? usdString(new Big(w.cost).div(w.merged)) : null,
    })),
  };
}
