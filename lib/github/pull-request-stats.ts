import "server-only";
import Big from "big.js";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import type { Measure } from "@/lib/effective/measures";
import { usdString } from "@/lib/money";
import { prEventsWithShares } from "./pull-requests";
import type { PullRequestsInput } from "./schemas";

export const BREAKDOWNS = ["repo", "workflow", "model", "tool"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface BreakdownRow {
  /** null: events without that tag. */
  value: string | null;
  merged_prs: number;
  /** In the stats' measure. */
  amount_usd: string;
  /** Per repo: the repo's merged-PR cost ÷ its merged PRs. Per workflow, model, tool: ÷ every merged PR, so the rows add up. */
  cost_per_merged_pr_usd: string;
}

export interface WeekRow {
  week: string;
  merged: number;
  amount_usd: string;
  cost_per_merged_pr_usd: string | null;
}

export interface PullRequestStats {
  measure: Measure;
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

/** The measure's amount over summed PR events (`pe`: `prEventsWithShares`), rounded once, as numeric. */
function amount(measure: Measure): SQL {
  if (measure === "list") return sql`sum(pe.list_cost_usd)`;
  if (measure === "effective") return sql`round(sum(pe.cost_usd) + sum(pe.alloc), 10)`;
  return sql`sum(pe.cost_usd)`;
}

/**
 * Where merged PRs' money went (by repo, workflow step, model, tool — one grouping-sets scan) and how cost per
 * merged PR moves week by week (ISO weeks of the merge date), for the PRs merged in the range, in a measure.
 */
export async function getPullRequestStats(ctx: Ctx, input: PullRequestsInput, measure: Measure = "cost"): Promise<PullRequestStats> {
  assertCan(ctx.actor, "dashboards:read");
  const where = mergedIn(input);
  const events = await prEventsWithShares(ctx, where);
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
            count(distinct (repo, number))::int as prs, ${amount(measure)}::numeric(30, 10)::text as cost
          from (${events}) pe
          group by grouping sets ((repo), (workflow), (model), (tool))
          order by ${amount(measure)} desc`,
    ),
    queryRows<{ week: string; merged: number; cost: string }>(
      ctx.db,
      sql`with merged as (select repo, number, merged_at from pull_requests where ${where}),
          costs as (select repo, number, ${amount(measure)} as cost from (${events}) pe group by repo, number)
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
          return { value, merged_prs: g.prs, amount_usd: g.cost, cost_per_merged_pr_usd: perPr(g.cost, denominator) };
        }),
    ]),
  ) as Record<Breakdown, BreakdownRow[]>;
  return {
    measure,
    breakdowns,
    weekly: weeks.map((w) => ({
      week: w.week,
      merged: w.merged,
      amount_usd: w.cost,
      cost_per_merged_pr_usd: w.merged > 0 ? usdString(new Big(w.cost).div(w.merged)) : null,
    })),
  };
}
