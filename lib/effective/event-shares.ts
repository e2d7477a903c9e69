import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { PERSON_ID_EXPR, resolvedRelation } from "@/lib/people/resolve";
import { allocatedFee, allocationCtes, PLAN_STATE, type PlanState, rateJoin, usageSource } from "./allocation";

/** The plan-days a set of events may take fees from: the UTC days their plan events span, and whether holders exist. */
export interface EventAllocation {
  from: string;
  to: string;
  holders: boolean;
}

/**
 * What `withEventShares` needs for `events` (a query whose rows have `plan`, `"timestamp"`, `"user"`, `api_key`,
 * `list_cost_usd`): null when no plan exists or none of the events is on a plan (every share is 0).
 */
export async function eventAllocation(ctx: Ctx, events: SQL): Promise<EventAllocation | null> {
  const [state] = await queryRows<PlanState>(ctx.db, PLAN_STATE);
  if (!state?.plans) return null;
  const [span] = await queryRows<{ from: string | null; to: string | null }>(
    ctx.db,
    sql`select min(d)::text as from, max(d)::text as to
      from (select (x."timestamp" at time zone 'UTC')::date as d from (${events}) x where x.plan is not null) s`,
  );
  return span?.from && span.to ? { from: span.from, to: span.to, holders: state.holders } : null;
}

/**
 * `events` with one more column, `alloc`: each event's exact, unrounded share of its plan-day's fee
 * (lib/effective/allocation.ts), 0 off a plan. Sum it with the metered cost and round once: effective cost.
 */
export function withEventShares(events: SQL, alloc: EventAllocation | null): SQL {
  if (!alloc) return sql`select x.*, 0::numeric as alloc from (${events}) x`;
  const day = sql`(r."timestamp" at time zone 'UTC')::date`;
  const from = alloc.holders ? resolvedRelation(sql`(${events})`) : sql`(${events}) r`;
  return sql`with ${allocationCtes(alloc.from, alloc.to, usageSource("rollups", alloc.holders))}
    select r.*, ${allocatedFee(sql`r.list_cost_usd`, sql`1`)} as alloc
    from ${from} ${rateJoin(sql`r.plan`, day, alloc.holders ? PERSON_ID_EXPR : null)}`;
}

/** The SQL of an effective cost from summed metered cost and shares, rounded once to 10 places, as text. */
export const effectiveSum = (cost: SQL, alloc: SQL): SQL =>
  sql`round(coalesce(${cost}, 0) + coalesce(${alloc}, 0), 10)::numeric(30, 10)::text`;

/**
 * The effective cost of groups of `events` (a query over `events` rows), by `key` (an SQL expression over the row,
 * as `r`): metered cost plus the events' shares of plan fees, rounded once per group.
 */
export async function effectiveBy(ctx: Ctx, events: SQL, key: SQL): Promise<Map<string, string>> {
  const shared = withEventShares(events, await eventAllocation(ctx, events));
  const rows = await queryRows<{ k: string; effective: string }>(
    ctx.db,
    sql`select (${key})::text as k, ${effectiveSum(sql`sum(r.cost_usd)`, sql`sum(r.alloc)`)} as effective from (${shared}) r group by 1`,
  );
  return new Map(rows.map((r) => [r.k, r.effective]));
}
