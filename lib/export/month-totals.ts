import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { MonthSnapshot } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { monthRange } from "@/lib/dates/months";
import { rollupFor } from "@/lib/dimensions/rollups";
import { planFeeLines } from "@/lib/plans/fee-lines";
import { arrivedAfterClose, lateWindow } from "./export-sql";
import type { ExportPlan } from "./plan";
import { eventsAsOf, repriceAdjustments, repricedSinceClose } from "./repriced-sql";

const MEASURES = "requests, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, list_cost_usd";
const NEGATED = "-1, -input_tokens, -output_tokens, -cache_read_tokens, -cache_write_tokens, -cost_usd, -list_cost_usd";
const SIGNED =
  "sgn, sgn * input_tokens, sgn * output_tokens, sgn * cache_read_tokens, sgn * cache_write_tokens, sgn * cost_usd, sgn * list_cost_usd";
const ONE_EACH = "1, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, list_cost_usd";

interface TotalsRow {
  provider: string | null;
  surface: string | null;
  level: number | string;
  requests: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  cache_read_tokens: number | string;
  cache_write_tokens: number | string;
  cost_usd: string;
  list_cost_usd: string;
  adjustments_usd: string;
  plan_fees_usd: string;
}

/**
 * The totals of the rows `exportMonth` would write for this plan, by provider and by surface: the month's own
 * spend from the core daily rollup (less, for a closed month, what arrived after the close), its plan fees (under
 * surface `plan` and the plan's vendor) and its adjustments.
 */
export async function computeMonthTotals(ctx: Ctx, plan: ExportPlan): Promise<MonthSnapshot> {
  const parts: SQL[] = [
    sql`select provider, surface, false as adj, false as fee, ${sql.raw(MEASURES)} from ${sql.identifier(rollupFor(["provider", "surface"]))}
      where day >= ${plan.firstDay}::date and day <= ${plan.lastDay}::date`,
  ];
  if (plan.feesThrough)
    parts.push(
      sql`select vendor, 'plan', false, true, 0, 0, 0, 0, 0, fee_usd::numeric, 0 from (${planFeeLines(plan.firstDay, plan.feesThrough)}) f`,
    );
  if (plan.closedAt)
    parts.push(
      sql`select provider, surface, false, false, ${sql.raw(NEGATED)} from events where ${arrivedAfterClose(plan, plan.closedAt)}`,
      sql`select provider, surface, false, false, ${sql.raw(SIGNED)} from ${repricedSinceClose(plan.start, plan.end, plan.closedAt)} x`,
    );
  for (const a of plan.adjustments) {
    const { start, end } = monthRange(a.month);
    parts.push(
      sql`select provider, surface, true, false, ${sql.raw(ONE_EACH)} from ${eventsAsOf(start, end, a.upTo)} events where ${lateWindow(a)}`,
      sql`select provider, surface, true, false, 0, 0, 0, 0, 0, cost_usd, list_cost_usd from ${repriceAdjustments(a)} x`,
    );
  }
  const rows = await queryRows<TotalsRow>(
    ctx.db,
    sql`select provider, surface, grouping(provider, surface) as level,
        coalesce(sum(requests), 0)::bigint as requests, coalesce(sum(input_tokens), 0)::bigint as input_tokens,
        coalesce(sum(output_tokens), 0)::bigint as output_tokens, coalesce(sum(cache_read_tokens), 0)::bigint as cache_read_tokens,
        coalesce(sum(cache_write_tokens), 0)::bigint as cache_write_tokens,
        coalesce(sum(cost_usd), 0)::numeric(30, 10)::text as cost_usd, coalesce(sum(list_cost_usd), 0)::numeric(30, 10)::text as list_cost_usd,
        coalesce(sum(cost_usd) filter (where adj), 0)::numeric(30, 10)::text as adjustments_usd,
        coalesce(sum(cost_usd) filter (where fee), 0)::numeric(30, 10)::text as plan_fees_usd
      from (${sql.join(parts, sql` union all `)}) x
      group by grouping sets ((provider), (surface), ())
      having grouping(provider, surface) = 3 or sum(requests) <> 0 or sum(cost_usd) <> 0
      order by level desc, sum(cost_usd) desc, provider, surface`,
  );
  const total = rows.find((r) => Number(r.level) === 3) as TotalsRow;
  const split = (r: TotalsRow) => ({ requests: Number(r.requests), cost_usd: r.cost_usd });
  return {
    requests: Number(total.requests),
    input_tokens: Number(total.input_tokens),
    output_tokens: Number(total.output_tokens),
    cache_read_tokens: Number(total.cache_read_tokens),
    cache_write_tokens: Number(total.cache_write_tokens),
    cost_usd: total.cost_usd,
    list_cost_usd: total.list_cost_usd,
    adjustments_usd: total.adjustments_usd,
    plan_fees_usd: total.plan_fees_usd,
    by_provider: rows.filter((r) => Number(r.level) === 1).map((r) => ({ provider: r.provider as string, ...split(r) })),
    by_surface: rows.filter((r) => Number(r.level) === 2).map((r) => ({ surface: r.surface as string, ...split(r) })),
  };
}
