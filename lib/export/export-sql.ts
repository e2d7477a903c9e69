import { type SQL, sql } from "drizzle-orm";
import { LATE_EVENT_PREDICATE } from "@/db/schema";
import { monthRange } from "@/lib/dates/months";
import { type Dimension, isCallerText, sqlColumn, sqlType } from "@/lib/dimensions/registry";
import { rollupFor } from "@/lib/dimensions/rollups";
import { planFeeLines } from "@/lib/plans/fee-lines";
import { focusQuery } from "./focus";
import { textCell } from "./neutralise";
import type { AdjustmentSource, ExportPlan } from "./plan";
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
  const parts: ExportPart[] = [
    { adjustment: false, query: shape.granularity === "day" ? ownDays(plan, base) : ownEvents(plan, base) },
    { adjustment: false, planFee: true, query: planFeeRows(plan, base) },
    ...plan.adjustments.map((a) => ({
      adjustment: true,
      query: shape.granularity === "day" ? adjustmentDays(a, base) : adjustmentEvents(a, base),
    })),
  ];
  if (shape.format !== "focus") return parts;
  const event = shape.granularity === "event";
  return parts.map((p) => ({
    ...p,
    query: focusQuery(plan, { event, adjustment: p.adjustment, planFee: !!p.planFee, neutralise: !!shape.neutraliseInSql }, p.query),
  }));
}

const costSource = (shape: ExportShape, adjustment: boolean) =>
  adjustment && shape.format === "csv" ? "'adjustment' as cost_source" : "cost_source";

function daySelect(shape: ExportShape, adjustment: boolean): SQL {
  const focus = shape.format === "focus" ? `, sum(${TOKENS.join(" + ")})::bigint as consumed_tokens` : "";
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
function ownDays(plan: ExportPlan, shape: ExportShape): SQL {
  const lateSince = plan.closedAt
    ? sql`union all
      select ${sql.raw(DAY)} as day, ${sql.raw(DIMS)}, -1, ${sql.raw(TOKENS.map((t) => `-${t}`).join(", "))},
        -cost_usd, -list_cost_usd
      from events where ${arrivedAfterClose(plan, plan.closedAt)}`
    : sql``;
  return sql`${daySelect(shape, false)}
    from (
      select day, ${sql.raw(DIMS)}, requests, ${sql.raw(TOKENS.join(", "))}, cost_usd, list_cost_usd
      from ${sql.identifier(rollupFor(CSV_DIMENSIONS))}
      where day >= ${plan.firstDay}::date and day <= ${plan.lastDay}::date
      ${lateSince}
    ) x
    ${dayGroup(shape, false)}
    having sum(requests) <> 0
    ${DAY_ORDER}`;
}

function eventSelect(shape: ExportShape, adjustment: boolean): SQL {
  const focus = shape.format === "focus" ? `, ${TOKENS.join(" + ")} as consumed_tokens, tags` : "";
  return sql.raw(`select ${DAY}::text as date, ${cells(GROUPED, shape, "events")},
    ${costSource(shape, adjustment)}, 1 as requests, ${TOKENS.join(", ")},
    cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd, ${textCell("events.id", "id", !!shape.neutraliseInSql)},
    to_char("timestamp" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as timestamp,
    ${cells(EVENT_DIMENSIONS, shape, "events")}${focus}`);
}

function ownEvents(plan: ExportPlan, shape: ExportShape): SQL {
  const cutOff = plan.closedAt ? sql`and received_at <= ${plan.closedAt.toISOString()}::timestamptz` : sql``;
  return sql`${eventSelect(shape, false)}
    from events
    where "timestamp" >= ${plan.start.toISOString()}::timestamptz and "timestamp" < ${plan.end.toISOString()}::timestamptz ${cutOff}
    order by events."timestamp", events.id`; // the column, not the select list's formatted `timestamp`
}

/**
 * One row per plan active in the month, for its (prorated) fee: surface `plan`, the vendor as provider, the plan's name
 * in `tool`, `cost_source` `plan_fee`, no requests or tokens, and no list cost (list cost is what usage is worth on the
 * API). A closed month's fees come from the plan terms frozen at its close (`planFeeLines`).
 */
function planFeeRows(plan: ExportPlan, shape: ExportShape): SQL {
  const own: Partial<Record<Dimension, string>> = { provider: "l.vendor", surface: "'plan'", tool: "l.name", billable: "false" };
  const lineCells = GROUPED.map((d) => `${own[d] ?? `null::${sqlType(d)}`} as ${sqlColumn(d)}`);
  const zeros = TOKENS.map((t) => `0 as ${t}`).join(", ");
  const event =
    shape.granularity === "event"
      ? `, null::text as id, first_day || 'T00:00:00.000Z' as timestamp, ${EVENT_DIMENSIONS.map((d) => `null::${sqlType(d)} as ${sqlColumn(d)}`).join(", ")}`
      : "";
  const focus =
    shape.format === "focus"
      ? `, null::bigint as consumed_tokens${shape.granularity === "event" ? ", null::jsonb as tags" : ""}, f.seats, f.fee_per_seat_usd, f.last_day`
      : "";
  return sql`select f.first_day as date, ${sql.raw(cells(GROUPED, shape, "f"))}, 'plan_fee' as cost_source, 0 as requests,
      ${sql.raw(zeros)}, f.fee_usd as cost_usd, '0.0000000000' as list_cost_usd${sql.raw(event)}${sql.raw(focus)}
    from (select l.name as plan_name, l.first_day, l.last_day, l.seats, l.fee_per_seat_usd, l.fee_usd, ${sql.raw(lineCells.join(", "))}
      from (${planFeeLines(plan.firstDay, plan.lastDay)}) l) f
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
      from events where ${lateWindow(a)}) x
    ${dayGroup(shape, true)}
    ${DAY_ORDER}`;
}

function adjustmentEvents(a: AdjustmentSource, shape: ExportShape): SQL {
  return sql`${eventSelect(shape, true)}
    from events where ${lateWindow(a)}
    order by events."timestamp", events.id`; // the column, not the select list's formatted `timestamp`
}
