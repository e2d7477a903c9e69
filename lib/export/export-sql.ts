import { type SQL, sql } from "drizzle-orm";
import { LATE_EVENT_PREDICATE } from "@/db/schema";
import { monthRange } from "@/lib/dates/months";
import { type Dimension, isCallerText, sqlColumn, sqlType } from "@/lib/dimensions/registry";
import { rollupFor } from "@/lib/dimensions/rollups";
import { allocationCtes, rateJoin, roundedShares, shareColumns, UNUSED_LINES } from "@/lib/effective/allocation";
import { PERSON_ID_EXPR, resolvedRelation } from "@/lib/people/resolve";
import { planFeeLines } from "@/lib/plans/fee-lines";
import { focusQuery } from "./focus";
import { textCell } from "./neutralise";
import type { AdjustmentSource, ExportPlan } from "./plan";
import { eventsAsOf, repriceAdjustments, repricedSinceClose } from "./repriced-sql";
import { CSV_DIMENSIONS, EVENT_DIMENSIONS } from "./rows";
import type { ExportFormat, Granularity } from "./schemas";

/** The export's dimension columns but `cost_source` (an adjustment's and a plan fee's say so in the CSV). */
const GROUPED = CSV_DIMENSIONS.filter((d) => d !== "cost_source");
const columns = (dims: readonly Dimension[]) => dims.map(sqlColumn).join(", ");
const DIMS = columns(CSV_DIMENSIONS);
const TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] as const;
const LATE = sql.raw(LATE_EVENT_PREDICATE);
const DAY = `("timestamp" at time zone 'UTC')::date`;

/** One query of an export; run in order, each through its own cursor, inside one snapshot. */
export interface ExportPart {
  /** Rows of late events of an earlier closed month. */
  adjustment: boolean;
  /** The month's plan fee rows (one per plan), not usage. */
  planFee?: boolean;
  /** FOCUS only: the plan fee nobody's usage consumed (a plan-day, or a named seat's day), as usage rows of its own. */
  unusedFee?: boolean;
  query: SQL;
}

export interface ExportShape {
  format: ExportFormat;
  granularity: Granularity;
  /** PostgreSQL writes the CSV itself (COPY): the query neutralises formula cells, as csv-stringify does otherwise. */
  neutraliseInSql?: boolean;
}

/** The cells of `dims` in a select list, read from `from` (a table or subquery alias); callers' text may be neutralised. */
function cells(dims: readonly Dimension[], shape: ExportShape, from: string): string {
  return dims
    .map((d) => {
      const name = sqlColumn(d);
      if (sqlType(d) === "boolean") return `${from}.${name}::text as ${name}`;
      return isCallerText(d) ? textCell(`${from}.${name}`, name, !!shape.neutraliseInSql) : `${from}.${name} as ${name}`;
    })
    .join(", ");
}

/**
 * The queries whose rows make up a month's export. Each select list is the CSV's columns in DESIGN §3.7's order
 * (the rows go to the CSV writer as they come), then for `granularity=event` id, timestamp, session, trace and
 * pr, then for FOCUS the consumed tokens (and the event's own tags). Money is exact decimal text; in the plain
 * CSV an adjustment's `cost_source` is `adjustment`, in FOCUS the row keeps it and is marked by its part.
 */
export function exportParts(plan: ExportPlan, shape: ExportShape): ExportPart[] {
  // FOCUS rows are computed in SQL from the plain rows (raw values: the FOCUS select neutralises its own cells).
  const base = shape.format === "focus" ? { ...shape, neutraliseInSql: false } : shape;
  const event = shape.granularity === "event";
  // FOCUS's EffectiveCost carries the plan fees allocated to each usage row (lib/effective/allocation.ts).
  const fees = shape.format === "focus" ? plan.feesThrough : null;
  const parts: ExportPart[] = [
    { adjustment: false, query: event ? ownEvents(plan, base, fees) : ownDays(plan, base, fees) },
    ...(plan.feesThrough ? [{ adjustment: false, planFee: true, query: planFeeRows(plan, base, plan.feesThrough) }] : []),
    ...(fees ? [{ adjustment: false, unusedFee: true, query: unusedFeeRows(plan, base, fees) }] : []),
    ...plan.adjustments.flatMap((a) => [
      { adjustment: true, query: event ? adjustmentEvents(a, base) : adjustmentDays(a, base) },
      { adjustment: true, query: event ? repriceEvents(a, base) : repriceDays(a, base) },
    ]),
  ];
  if (shape.format !== "focus") return parts;
  return parts.map((p) => ({
    ...p,
    query: focusQuery(
      plan,
      { event, adjustment: p.adjustment, planFee: !!p.planFee, unusedFee: !!p.unusedFee, neutralise: !!shape.neutraliseInSql },
      p.query,
    ),
  }));
}

/**
 * The allocation's CTEs for an export (FOCUS): the plan-days `plan.firstDay`..`fees`, weighed on `usage` — the very
 * rows the file holds (a relation with the events' columns as `r`: the month's rollup rows less what arrived after a
 * close, or its events), each row's person resolved, so the file's shares add up to the fees exactly.
 */
function exportAllocation(plan: ExportPlan, fees: string, usage: SQL, day: SQL, requests: SQL): SQL {
  return sql`with ${allocationCtes(plan.firstDay, fees, { from: resolvedRelation(usage), day, requests, personId: PERSON_ID_EXPR })}`;
}

const costSource = (shape: ExportShape, adjustment: boolean) =>
  adjustment && shape.format === "csv" ? "'adjustment' as cost_source" : "cost_source";

function daySelect(shape: ExportShape, adjustment: boolean, alloc = false): SQL {
  const focus =
    shape.format === "focus"
      ? `, sum(${TOKENS.join(" + ")})::bigint as consumed_tokens, ${alloc ? "sum(alloc)::numeric(30, 10)::text" : "'0.0000000000'"} as alloc_usd`
      : "";
  return sql.raw(`select day::text as date, ${cells(GROUPED, shape, "x")},
    ${costSource(shape, adjustment)}, sum(requests)::bigint as requests, ${TOKENS.map((t) => `sum(${t})::bigint as ${t}`).join(", ")},
    sum(cost_usd)::numeric(30, 10)::text as cost_usd, sum(list_cost_usd)::numeric(30, 10)::text as list_cost_usd${focus}`);
}

/** An adjustment's day row in the plain CSV sums over its cost sources (the column says `adjustment`). */
const dayGroup = (shape: ExportShape, adjustment: boolean) =>
  sql.raw(`group by day, ${columns(GROUPED)}${adjustment && shape.format === "csv" ? "" : ", cost_source"}`);
// Qualified, so rows sort on the stored values, not on the select list's (possibly neutralised) cells.
const DAY_ORDER = sql.raw(`order by x.day, ${GROUPED.map((d) => `x.${sqlColumn(d)}`).join(", ")}, cost_source`);

/**
 * The month's own rows by day, read from the widest daily rollup (which ingest keeps equal to the events). For a
 * closed month, the events received after the close (found through the late-events index) are subtracted, so
 * the rows stay what they were when the month closed.
 */
function ownDays(plan: ExportPlan, shape: ExportShape, fees: string | null): SQL {
  // With fees (FOCUS), the rows carry what allocation needs: the plan, the key that sent them, and a unique key.
  const extra = fees ? ", plan, api_key" : "";
  // A closed month: less what arrived after the close, and each event repriced since back at its price then.
  const lateSince = plan.closedAt
    ? sql`union all
      select ${sql.raw(DAY)} as day, ${sql.raw(DIMS)}, -1, ${sql.raw(TOKENS.map((t) => `-${t}`).join(", "))},
        -cost_usd, -list_cost_usd${sql.raw(fees ? `${extra}, id` : "")}
      from events where ${arrivedAfterClose(plan, plan.closedAt)}
      union all
      select ${sql.raw(DAY)} as day, ${sql.raw(DIMS)}, sgn, ${sql.raw(TOKENS.map((t) => `sgn * ${t}`).join(", "))},
        sgn * cost_usd, sgn * list_cost_usd${sql.raw(fees ? `${extra}, id || ':' || sgn` : "")}
      from ${repricedSinceClose(plan.start, plan.end, plan.closedAt)} x`
    : sql``;
  const rows = sql`select day, ${sql.raw(DIMS)}, requests, ${sql.raw(TOKENS.join(", "))}, cost_usd, list_cost_usd${sql.raw(fees ? `${extra}, dims_key as k` : "")}
      from ${sql.identifier(rollupFor([...CSV_DIMENSIONS, "plan", "api_key"]))}
      where day >= ${plan.firstDay}::date and day <= ${plan.lastDay}::date
      ${lateSince}`;
  const source = fees
    ? sql`${roundedShares(sql`select r.*, ${shareColumns(sql`r.list_cost_usd`, sql`r.requests`)}
        from ${resolvedRelation(sql`(${rows})`)} ${rateJoin(sql`r.plan`, sql`r.day`, PERSON_ID_EXPR)}`)}`
    : rows;
  return sql`${fees ? exportAllocation(plan, fees, sql`(${rows})`, sql`r.day`, sql`r.requests`) : sql``}
    ${daySelect(shape, false, !!fees)}
    from (${source}) x
    ${dayGroup(shape, false)}
    having sum(requests) <> 0
    ${DAY_ORDER}`;
}

function eventSelect(shape: ExportShape, adjustment: boolean, alloc = false, requests = "1"): SQL {
  const focus =
    shape.format === "focus"
      ? `, ${TOKENS.join(" + ")} as consumed_tokens, tags, ${alloc ? "coalesce(shares.alloc, 0)::numeric(30, 10)::text" : "'0.0000000000'"} as alloc_usd`
      : "";
  return sql.raw(`select ${DAY}::text as date, ${cells(GROUPED, shape, "events")},
    ${costSource(shape, adjustment)}, ${requests} as requests, ${TOKENS.join(", ")},
    cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd, ${textCell("events.id", "id", !!shape.neutraliseInSql)},
    to_char("timestamp" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp,
    ${cells(EVENT_DIMENSIONS, shape, "events")}${focus}`);
}

function ownEvents(plan: ExportPlan, shape: ExportShape, fees: string | null): SQL {
  const cutOff = plan.closedAt ? sql`and received_at <= ${plan.closedAt.toISOString()}::timestamptz` : sql``;
  const own = sql`"timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz ${cutOff}`;
  // A closed month's events at the prices its close saw.
  const rel = eventsAsOf(plan.start, plan.end, plan.closedAt);
  if (!fees)
    return sql`${eventSelect(shape, false)}
      from ${rel} events
      where ${own}
      order by events."timestamp", events.id`; // the column, not the select list's formatted `timestamp`
  // Each plan event's share, rounded per class (only plan events have one), joined to the month's events as they stream.
  const day = sql`(r."timestamp" at time zone 'UTC')::date`;
  const planEvents = sql`(select *, id as k from ${rel} events where ${own} and plan is not null)`;
  return sql`${exportAllocation(plan, fees, sql`(select * from ${rel} events where ${own})`, day, sql`1`)},
    shares as (
      select id, alloc from (${roundedShares(sql`select r.*, ${shareColumns(sql`r.list_cost_usd`, sql`1`)}
        from ${resolvedRelation(planEvents)} ${rateJoin(sql`r.plan`, day, PERSON_ID_EXPR)}`)}) a
    )
    ${eventSelect(shape, false, true)}
    from ${rel} events left join shares on shares.id = events.id
    where ${own}
    order by events."timestamp", events.id`;
}

/**
 * FOCUS only: the unused plan fee lines of `plan.firstDay`..`fees` (lib/effective: a plan-day nobody used, a named
 * seat's day its holder did not use), one row each, as usage rows costing nothing when billed and their fee in
 * EffectiveCost: surface `plan`, the vendor as provider, the plan's name in `tool`, the holder as `user` and their team.
 */
function unusedFeeRows(plan: ExportPlan, shape: ExportShape, fees: string): SQL {
  const event = shape.granularity === "event";
  const own: Partial<Record<Dimension, string>> = {
    provider: "u.vendor",
    surface: "'plan'",
    tool: "u.plan",
    user: "u.holder_email",
    team: "u.holder_team",
    billable: "false",
  };
  const lineCells = GROUPED.map((d) => `${own[d] ?? `null::${sqlType(d)}`} as ${sqlColumn(d)}`);
  const zeros = TOKENS.map((t) => `0 as ${t}`).join(", ");
  const eventCells = event
    ? `, null::text as id, u.day::text || 'T00:00:00.000Z' as timestamp, ${EVENT_DIMENSIONS.map((d) => `null::${sqlType(d)} as ${sqlColumn(d)}`).join(", ")}`
    : "";
  const usage = event
    ? sql`(select * from ${eventsAsOf(plan.start, plan.end, plan.closedAt)} events where "timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz
        ${plan.closedAt ? sql`and received_at <= ${plan.closedAt.toISOString()}::timestamptz` : sql``})`
    : sql`(${ownDayRows(plan)})`;
  const day = event ? sql`(r."timestamp" at time zone 'UTC')::date` : sql`r.day`;
  return sql`${exportAllocation(plan, fees, usage, day, event ? sql`1` : sql`r.requests`)}
    select u.day::text as date, ${sql.raw(cells(GROUPED, shape, "f"))}, 'plan_fee' as cost_source, 0 as requests, ${sql.raw(zeros)},
      '0.0000000000' as cost_usd, '0.0000000000' as list_cost_usd${sql.raw(eventCells)},
      null::bigint as consumed_tokens${sql.raw(event ? ", null::jsonb as tags" : "")}, u.fee::numeric(30, 10)::text as alloc_usd,
      u.plan as plan_name, u.holder_email
    from (${UNUSED_LINES}) u cross join lateral (select ${sql.raw(lineCells.join(", "))}) f
    order by u.day, u.plan, u.holder_email nulls last`;
}

/** The month's rows as the day export reads them (the rollup less what arrived after a close), for weighing fees. */
function ownDayRows(plan: ExportPlan): SQL {
  const late = plan.closedAt
    ? sql`union all select ${sql.raw(DAY)}, plan, "user", api_key, -1, -list_cost_usd from events where ${arrivedAfterClose(plan, plan.closedAt)}
      union all select ${sql.raw(DAY)}, plan, "user", api_key, sgn, sgn * list_cost_usd
      from ${repricedSinceClose(plan.start, plan.end, plan.closedAt)} x`
    : sql``;
  return sql`select day, plan, "user", api_key, requests, list_cost_usd from ${sql.identifier(rollupFor(["plan", "user", "api_key"]))}
    where day >= ${plan.firstDay}::date and day <= ${plan.lastDay}::date ${late}`;
}

/**
 * One row per plan active in the month, for its (prorated) fee: surface `plan`, the vendor as provider, the plan's name
 * in `tool`, `cost_source` `plan_fee`, no requests or tokens, and no list cost (list cost is what usage is worth on the
 * API). A closed month's fees come from the plan terms frozen at its close (`planFeeLines`).
 */
function planFeeRows(plan: ExportPlan, shape: ExportShape, feesThrough: string): SQL {
  const own: Partial<Record<Dimension, string>> = { provider: "l.vendor", surface: "'plan'", tool: "l.name", billable: "false" };
  const lineCells = GROUPED.map((d) => `${own[d] ?? `null::${sqlType(d)}`} as ${sqlColumn(d)}`);
  const zeros = TOKENS.map((t) => `0 as ${t}`).join(", ");
  const event =
    shape.granularity === "event"
      ? `, null::text as id, first_day || 'T00:00:00.000Z' as timestamp, ${EVENT_DIMENSIONS.map((d) => `null::${sqlType(d)} as ${sqlColumn(d)}`).join(", ")}`
      : "";
  const focus =
    shape.format === "focus"
      ? `, null::bigint as consumed_tokens${shape.granularity === "event" ? ", null::jsonb as tags" : ""}, '0.0000000000' as alloc_usd, f.seats, f.fee_per_seat_usd, f.last_day`
      : "";
  return sql`select f.first_day as date, ${sql.raw(cells(GROUPED, shape, "f"))}, 'plan_fee' as cost_source, 0 as requests,
      ${sql.raw(zeros)}, f.fee_usd as cost_usd, '0.0000000000' as list_cost_usd${sql.raw(event)}${sql.raw(focus)}
    from (select l.name as plan_name, l.first_day, l.last_day, l.seats, l.fee_per_seat_usd, l.fee_usd, ${sql.raw(lineCells.join(", "))}
      from (${planFeeLines(plan.firstDay, feesThrough)}) l) f
    order by f.plan_name`;
}

/** The month's events received after `closedAt`; the late-events partial index finds them. */
export function arrivedAfterClose(plan: ExportPlan, closedAt: Date): SQL {
  return sql`"timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz
    and ${LATE} and received_at > ${closedAt.toISOString()}::timestamptz`;
}

/** A closed month's events received in an adjustment window; the late-events partial index finds them. */
export function lateWindow(a: AdjustmentSource): SQL {
  const start = monthRange(a.month).start.toISOString();
  return sql`"timestamp" >= ${start}::timestamptz and "timestamp" < (${start}::timestamptz + interval '1 month')
    and ${LATE} and received_at > ${a.after.toISOString()}::timestamptz
    ${a.upTo ? sql`and received_at <= ${a.upTo.toISOString()}::timestamptz` : sql``}`;
}

function adjustmentDays(a: AdjustmentSource, shape: ExportShape): SQL {
  return sql`${daySelect(shape, true)}
    from (select ${sql.raw(DAY)} as day, ${sql.raw(DIMS)}, 1 as requests, ${sql.raw(TOKENS.join(", "))},
        cost_usd, list_cost_usd
      from ${lateAsOf(a)} events where ${lateWindow(a)}) x
    ${dayGroup(shape, true)}
    ${DAY_ORDER}`;
}

/** A closed month's late events, at the prices they had when the window closed (the window's export froze them). */
function lateAsOf(a: AdjustmentSource): SQL {
  const { start, end } = monthRange(a.month);
  return eventsAsOf(start, end, a.upTo);
}

/** A closed month's price changes in the window, by day (no requests or tokens: only the cost moves). */
function repriceDays(a: AdjustmentSource, shape: ExportShape): SQL {
  return sql`${daySelect(shape, true)}
    from (select ${sql.raw(DAY)} as day, ${sql.raw(DIMS)}, 0 as requests, ${sql.raw(TOKENS.join(", "))}, cost_usd, list_cost_usd
      from ${repriceAdjustments(a)} events) x
    ${dayGroup(shape, true)}
    ${DAY_ORDER}`;
}

function repriceEvents(a: AdjustmentSource, shape: ExportShape): SQL {
  return sql`${eventSelect(shape, true, false, "0")}
    from ${repriceAdjustments(a)} events
    order by events."timestamp", events.id`;
}

function adjustmentEvents(a: AdjustmentSource, shape: ExportShape): SQL {
  return sql`${eventSelect(shape, true)}
    from ${lateAsOf(a)} events where ${lateWindow(a)}
    order by events."timestamp", events.id`; // the column, not the select list's formatted `timestamp`
}
