import { type SQL, sql } from "drizzle-orm";
import { LATE_EVENT_PREDICATE } from "@/db/schema";
import type { AdjustmentSource, ExportPlan } from "./plan";
import type { Granularity } from "./schemas";

/** The export's dimension columns, in DESIGN §3.7's order (after `date`). */
const DIMS = `provider, model, surface, environment, team, "user", customer, feature, workflow, repo, tool`;
const TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] as const;
const LATE = sql.raw(LATE_EVENT_PREDICATE);
const DAY = sql.raw(`("timestamp" at time zone 'UTC')::date`);

/** One query of an export; run in order, each through its own cursor, inside one snapshot. */
export interface ExportPart {
  label: string;
  query: SQL;
}

/**
 * The queries whose rows make up a month's export. Every query yields the same columns: the CSV's, `billable`
 * as text, money as exact decimal text, `consumed_tokens`, `adjustment` (a late event of an earlier closed
 * month), and for `granularity=event` also id, timestamp, session, trace, pr.
 */
export function exportParts(plan: ExportPlan, granularity: Granularity): ExportPart[] {
  const own = granularity === "day" ? ownDays(plan) : ownEvents(plan);
  const late = plan.adjustments.map((a) => ({
    label: `adjustments from ${a.month}`,
    query: granularity === "day" ? adjustmentDays(a) : adjustmentEvents(a),
  }));
  return [{ label: plan.month, query: own }, ...late];
}

const dayGroupColumns = (costSource: SQL) => sql`to_char(day, 'YYYY-MM-DD') as date, ${sql.raw(DIMS)}, billable::text as billable,
  ${costSource} as cost_source, sum(requests)::bigint as requests,
  ${sql.raw(TOKENS.map((t) => `sum(${t})::bigint as ${t}`).join(", "))},
  sum(cost_usd)::numeric(30, 10)::text as cost_usd, sum(list_cost_usd)::numeric(30, 10)::text as list_cost_usd,
  sum(${sql.raw(TOKENS.join(" + "))})::bigint as consumed_tokens`;

const DAY_ORDER = sql.raw(`order by day, ${DIMS}, billable, cost_source`);

/**
 * The month's own rows by day, read from the widest daily rollup (which ingest keeps equal to the events). For a
 * closed month, the events received after the close (found through the late-events index) are subtracted, so
 * the rows stay what they were when the month closed.
 */
function ownDays(plan: ExportPlan): SQL {
  const lateSince = plan.closedAt
    ? sql`union all
      select ${DAY} as day, ${sql.raw(DIMS)}, billable, cost_source, -1, ${sql.raw(TOKENS.map((t) => `-${t}`).join(", "))},
        -cost_usd, -list_cost_usd
      from events where ${arrivedAfterClose(plan, plan.closedAt)}`
    : sql``;
  return sql`select ${dayGroupColumns(sql`cost_source`)}, false as adjustment
    from (
      select day, ${sql.raw(DIMS)}, billable, cost_source, requests, ${sql.raw(TOKENS.join(", "))}, cost_usd, list_cost_usd
      from event_rollup_daily
      where day >= ${plan.firstDay}::date and day <= ${plan.lastDay}::date
      ${lateSince}
    ) x
    group by day, ${sql.raw(DIMS)}, billable, cost_source
    having sum(requests) <> 0
    ${DAY_ORDER}`;
}

const EVENT_COLUMNS = sql.raw(`to_char(("timestamp" at time zone 'UTC')::date, 'YYYY-MM-DD') as date, ${DIMS},
  billable::text as billable, cost_source, 1 as requests, ${TOKENS.join(", ")},
  cost_usd::numeric(30, 10)::text as cost_usd, list_cost_usd::numeric(30, 10)::text as list_cost_usd,
  ${TOKENS.join(" + ")} as consumed_tokens`);
const EVENT_TAIL = sql.raw(
  `id, to_char("timestamp" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp, session, trace, pr, tags`,
);

function ownEvents(plan: ExportPlan): SQL {
  const cutOff = plan.closedAt ? sql`and received_at <= ${plan.closedAt.toISOString()}::timestamptz` : sql``;
  return sql`select ${EVENT_COLUMNS}, false as adjustment, ${EVENT_TAIL}
    from events
    where "timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz ${cutOff}
    order by "timestamp", id`;
}

/** The month's events received after `closedAt`; the late-events partial index finds them. */
export function arrivedAfterClose(plan: ExportPlan, closedAt: Date): SQL {
  return sql`"timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz
    and ${LATE} and received_at > ${closedAt.toISOString()}::timestamptz`;
}

/** A closed month's events received in an adjustment window; the late-events partial index finds them. */
export function lateWindow(a: AdjustmentSource): SQL {
  const start = `${a.month}-01T00:00:00Z`;
  return sql`"timestamp" >= ${start}::timestamptz and "timestamp" < (${start}::timestamptz + interval '1 month')
    and ${LATE} and received_at > ${a.after.toISOString()}::timestamptz
    ${a.upTo ? sql`and received_at <= ${a.upTo.toISOString()}::timestamptz` : sql``}`;
}

function adjustmentDays(a: AdjustmentSource): SQL {
  return sql`select ${dayGroupColumns(sql`cost_source`)}, true as adjustment
    from (select ${DAY} as day, ${sql.raw(DIMS)}, billable, cost_source, 1 as requests, ${sql.raw(TOKENS.join(", "))}, cost_usd, list_cost_usd
      from events where ${lateWindow(a)}) x
    group by day, ${sql.raw(DIMS)}, billable, cost_source
    ${DAY_ORDER}`;
}

function adjustmentEvents(a: AdjustmentSource): SQL {
  return sql`select ${EVENT_COLUMNS}, true as adjustment, ${EVENT_TAIL}
    from events where ${lateWindow(a)}
    order by "timestamp", id`;
}
