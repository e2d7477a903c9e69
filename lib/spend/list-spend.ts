import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { wideRollupRelation } from "@/lib/aggregates/monthly";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { dimensionSpec, sqlType } from "@/lib/dimensions/registry";
import { rollupTable } from "@/lib/dimensions/rollups";
import {
  allocationCtes,
  HOLDERS_EXIST,
  planRowsCte,
  planRowsSource,
  rateJoin,
  UNUSED_LINES,
  usageSource,
} from "@/lib/effective/allocation";
import type { Measure } from "@/lib/effective/measures";
import { DIRECTORY_STATE, NO_PERSON_EXPR, PERSON_EXPR, PERSON_ID_EXPR, resolvedRelation, TEAM_EXPR } from "@/lib/people/resolve";
import { PLANS_EXIST } from "@/lib/plans/fee-lines";
import { encodeCursor } from "./cursor";
import type { Dimension } from "./dimensions";
import { sumPlanFees } from "./plan-fees";
import { type SpendSource, sourceHolds, spendSource } from "./rollups";
import { SPEND_ROW_LIMIT, type SpendInput } from "./schemas";

export interface SpendMetrics {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  /** Metered cost plus the plan fees allocated to this usage (lib/effective/allocation.ts). */
  effective_cost_usd: string;
}

export type SpendRow = SpendMetrics & { period?: string; unused_plan_fee?: true } & Partial<
    Record<Dimension, string | number | boolean | null>
  >;

export interface SpendResult {
  from: string;
  to: string;
  currency: "USD";
  totals: SpendMetrics & { plan_fees_usd: string };
  rows: SpendRow[];
  /** More rows follow this page (fetch them with `next_cursor`); totals cover every row either way. */
  truncated: boolean;
  limit: number;
  next_cursor: string | null;
}

const ZERO = "0.0000000000";

/**
 * Where `listSpend` reads this query from: the narrowest rollup that holds every dimension it groups or filters by
 * (once the directory has people: before, person and team queries need no resolving and read a narrower one).
 */
export function spendSourceFor(input: Pick<SpendInput, "groupBy" | "filters">, state?: DirectoryState): SpendSource {
  return spendSource(state ? neededDims(queryDims(input), state) : queryDims(input));
}

function queryDims(input: Pick<SpendInput, "groupBy" | "filters">): Dimension[] {
  return [...input.groupBy, ...(Object.keys(input.filters) as Dimension[])];
}

/** What the directory and the plans hold: decides whether a query resolves people and allocates plan fees. */
export interface DirectoryState {
  people: boolean;
  teams: boolean;
  /** Some plan names a seat holder: allocation needs each usage row's person. */
  holders: boolean;
  /** Some plan (or a closed month's frozen plan) exists: there may be fees to allocate. */
  plans: boolean;
}

/** Whether the query resolves person and team (lib/people/resolve.ts). */
function resolves(dims: readonly Dimension[], state: DirectoryState) {
  const person = dims.includes("person") && state.people;
  const team = dims.includes("team") && state.teams;
  return { person, team, any: person || team };
}

function neededDims(dims: readonly Dimension[], state: DirectoryState): Dimension[] {
  return resolves(dims, state).any ? [...dims, "user", "api_key"] : dims.filter((d) => d !== "person");
}

/**
 * `GET /api/v1/spend`: sums over the range, grouped and filtered by dimensions. One scan with grouping sets
 * gives both the rows and the totals; money is summed as numeric in SQL and returned as exact decimal strings.
 * `source` (tests and benchmarks) reads from a given rollup or from the raw events instead; `forceRaw` is
 * `source: "events"`.
 */
export async function listSpend(ctx: Ctx, input: SpendInput, opts: SpendOptions = {}): Promise<SpendResult> {
  return (await listSpendPage(ctx, input, opts)).result;
}

export interface SpendOptions {
  forceRaw?: boolean;
  source?: SpendSource;
  /** Order groups by this measure (default: `cost`, the API's contract); screens order by the measure they show. */
  orderBy?: Measure;
  /**
   * false: skip allocating plan fees, for callers that read no effective cost (no unused plan fee rows, and
   * `effective_cost_usd` is then the metered cost). The API always allocates.
   */
  allocate?: boolean;
}

/**
 * `listSpend`, plus how many groups the whole result has (the explorer says "2,000 of 31,204 groups"). Rows come a
 * page at a time (`limit`, default SPEND_ROW_LIMIT.default, from `offset`) in the contract's order made total by the
 * group values (period, cost descending, then each group value, nulls last), so pages never overlap or skip a row of
 * unchanged data; a window over the one grouping-sets scan numbers the rows, so the totals stay exact.
 *
 * Effective cost (lib/effective/allocation.ts): the groups' shares of plan fees come from a second scan over the
 * range's plan rows, and the unused plan fee lines join as rows of their own (`unused_plan_fee: true`: plan, provider,
 * surface `plan`, the holder as person). Shares are summed unrounded; the total is rounded once and the rows by
 * largest remainder, so rows add up to the totals to the last digit and, unfiltered, effective = metered + plan fees
 * exactly.
 */
export async function listSpendPage(
  ctx: Ctx,
  input: SpendInput,
  opts: SpendOptions = {},
): Promise<{ result: SpendResult; groups: number }> {
  assertCan(ctx.actor, "dashboards:read");
  const { db } = ctx;
  const dims = queryDims(input);
  const state = await directoryState(ctx);
  const resolve = resolves(dims, state);
  const needed = neededDims(dims, state);
  const source = opts.forceRaw ? "events" : (opts.source ?? spendSource(needed));
  const rollup = source !== "events";
  if (!sourceHolds(source, needed)) throw new Error(`${source} does not hold the query's dimensions`);
  const col = (d: Dimension): SQL =>
    d === "person"
      ? resolve.person
        ? PERSON_EXPR
        : NO_PERSON_EXPR
      : resolve.team && d === "team"
        ? TEAM_EXPR
        : sql`r.${sql.identifier(d)}`;
  const day = rollup ? sql`r.day` : sql`(r."timestamp" at time zone 'UTC')::date`;
  const requests = rollup ? sql`r.requests` : sql`1`;
  // The wide rollup over a range read as sums (no day or week periods): whole months from its monthly rows.
  const table =
    source === rollupTable("wide") && (input.interval === "none" || input.interval === "month")
      ? wideRollupRelation(input.from, input.to)
      : sql`${sql.identifier(source)}`;
  const relation = resolve.any ? resolvedRelation(table) : sql`${table} r`;
  const where = buildWhere(input, { col, personId: resolve.any ? PERSON_ID_EXPR : NO_PERSON_EXPR, day, rollup });

  // Plan fees: the usage scan carries none; a second scan over the range's plan rows sums their list cost (and
  // requests) by group and by class — plan, day, holder or pool — and multiplies each sum by its class's rate, so the
  // divisions are per group and class, not per row. Without named seats that scan reads the same source; with them,
  // the plan rows of the wide rollup (or the raw events), resolved once for the whole statement (`_alloc_plan_rows`).
  const raw = !!opts.forceRaw || source === "events";
  const holders = state.holders;
  // A caller that reads no effective cost may skip the allocation: effective_cost_usd is then metered cost.
  const allocate = state.plans && opts.allocate !== false;
  const ctes = !allocate
    ? sql``
    : holders
      ? sql`with ${planRowsCte(
          input.from,
          input.to,
          raw,
          needed.filter((d) => !dimensionSpec(d).resolvedFrom),
        )}, ${allocationCtes(input.from, input.to, planRowsSource())}`
      : sql`with ${allocationCtes(input.from, input.to, usageSource(opts.forceRaw ? "events" : "rollups", false))}`;
  // Rollup rows are summed by the query's keys (day and groups) before the grouping sets: a plain aggregate the
  // planner can run in parallel workers, so the grouping sets see one row per day and group, not one per rollup row
  // (a month of per-person days is ~130,000 wide rows for a few hundred groups). Raw events are grouped once, below.
  const groupSelect = sql`${day} as _day, ${sql.join(
    input.groupBy.map((d) => sql`${col(d)} as ${sql.identifier(d)}`),
    sql`, `,
  )}${input.groupBy.length > 0 ? sql`, ` : sql``}`;
  const usage = rollup
    ? sql`select ${groupSelect}
      sum(r.requests) as requests, sum(r.input_tokens) as input_tokens, sum(r.output_tokens) as output_tokens,
      sum(r.cache_read_tokens) as cache_read_tokens, sum(r.cache_write_tokens) as cache_write_tokens,
      sum(r.cost_usd) as cost_usd, sum(r.list_cost_usd) as list_cost_usd, 0 as alloc, false as _unused
    from ${relation} where ${where}
    group by ${sql.raw(Array.from({ length: input.groupBy.length + 1 }, (_, i) => i + 1).join(", "))}`
    : sql`select ${groupSelect}
      1 as requests, r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens,
      r.cost_usd, r.list_cost_usd, 0 as alloc, false as _unused
    from ${relation} where ${where}`;
  // In the plan rows of `_alloc_plan_rows`, the person's email, id and team are columns.
  const planCol = (d: Dimension): SQL =>
    !holders
      ? col(d)
      : d === "person"
        ? resolve.person
          ? sql`r._pemail`
          : NO_PERSON_EXPR
        : d === "team" && resolve.team
          ? sql`coalesce(r.team, r._pteam)`
          : sql`r.${sql.identifier(d)}`;
  const planDay = holders ? sql`r._day` : day;
  const groupExprs = input.groupBy.map(planCol);
  const shares = allocate
    ? sql`union all
      select z._day, ${sql.join(
        input.groupBy.map((d) => sql`z.${sql.identifier(d)}`),
        sql`, `,
      )}${input.groupBy.length > 0 ? sql`, ` : sql``} 0, 0, 0, 0, 0, 0, 0,
        case when z.lw > 0 then (z.fee * z.l)::numeric(60, 30) / z.lw when z.rw > 0 then (z.fee * z.q)::numeric(60, 30) / z.rw else 0 end,
        false
      from (
        select ${planDay} as _day, ${sql.join(
          input.groupBy.map((d, i) => sql`${groupExprs[i]} as ${sql.identifier(d)}`),
          sql`, `,
        )}${input.groupBy.length > 0 ? sql`, ` : sql``}
          _ar.fee, _ar.lw, _ar.rw, sum(r.list_cost_usd) as l, sum(${holders ? sql`r.requests` : requests}) as q
        from ${holders ? sql`_alloc_plan_rows r` : relation} ${rateJoin(sql`r.plan`, planDay, holders ? sql`r._pid` : null)}
        where r.plan is not null and ${
          holders ? buildWhere(input, { col: planCol, personId: sql`r._pid`, day: planDay, rollup: true }) : where
        }
        group by ${sql.join([planDay, ...groupExprs], sql`, `)}, _ar.plan, _ar.day, _ar.holder, _ar.fee, _ar.lw, _ar.rw
      ) z`
    : sql``;
  const unused = allocate
    ? sql`union all
      select u.day, ${sql.join(
        input.groupBy.map((d) => sql`${unusedCol(d, resolve)} as ${sql.identifier(d)}`),
        sql`, `,
      )}${input.groupBy.length > 0 ? sql`, ` : sql``}
        0, 0, 0, 0, 0, 0, 0, u.fee, true
      from (${UNUSED_LINES}) u
      where ${buildWhere(input, { col: (d) => unusedCol(d, resolve), personId: sql`u.holder`, day: sql`u.day`, rollup: true })}`
    : sql``;

  const period =
    input.interval === "none" ? null : input.interval === "day" ? sql`x._day` : sql.raw(`date_trunc('${input.interval}', x._day)::date`);
  const groupCols = input.groupBy.map((d) => sql`x.${sql.identifier(d)}`);
  const keys: SQL[] = [...(period ? [period] : []), ...groupCols];
  const allKeys = keys.length > 0 ? [...keys, sql`x._unused`] : [];
  const selectKeys: SQL[] = [
    ...(period ? [sql`to_char(${period}, 'YYYY-MM-DD') as period`] : []),
    ...groupCols,
    ...(keys.length > 0 ? [sql`x._unused`] : []),
  ];
  const groupSets = allKeys.length > 0 ? sql`group by grouping sets ((${sql.join(allKeys, sql`, `)}), ())` : sql``;
  const isTotal = allKeys.length > 0 ? sql`grouping(${sql.join(allKeys, sql`, `)}) <> 0` : sql`true`;
  const measure = opts.orderBy ?? "cost";
  const orderBy = measure === "effective" ? sql`s.effective_num` : measure === "list" ? sql`s.list_num` : sql`s.cost_num`;
  // The group values, as the grouped rows' columns: the order that makes ties total (nulls last; usage before unused).
  const keyOrder = [
    ...(period ? [sql`period`] : []),
    ...input.groupBy.map((d) => sql`${sql.identifier(d)} nulls last`),
    ...(keys.length > 0 ? [sql`_unused`] : []),
  ];
  const byKeys = keyOrder.length > 0 ? sql`, ${sql.join(keyOrder, sql`, `)}` : sql``;

  const limit = input.limit ?? SPEND_ROW_LIMIT.default;
  const offset = input.offset ?? 0;
  // Rounding the allocated fees: each group's share, summed unrounded, is first cut to 20 places (what the per-row
  // divisions carry is exact far beyond that, so the raw events and every rollup agree to the digit); the total is
  // rounded half-up once; the rows go down to 10 places, then one more 1e-10 to the largest remainders (ties by the
  // group values) until they add up to the total. Rows are then numbered in the contract's order, by the rounded
  // figure of the measure.
  const units = sql`floor(g.alloc * 10000000000)`;
  const rowsQuery = queryRows<Record<string, unknown>>(
    db,
    sql`${ctes} select * from (
      select s.*, s.effective_num::numeric(30, 10)::text as effective_cost_usd,
        row_number() over (order by s.is_total desc${period ? sql`, period` : sql``}, ${orderBy} desc${byKeys}) as rn,
        count(*) over () as row_count
      from (
        select r.*, r.cost_num + case when r.is_total then round(r.alloc, 10)
            else (r.alloc_units + case when r.rest_rank <= r.alloc_extra then 1 else 0 end) / 10000000000 end as effective_num
        from (
          select g.*, ${units} as alloc_units,
            max(round(g.alloc * 10000000000)) filter (where g.is_total) over () - coalesce(sum(${units}) filter (where not g.is_total) over (), 0) as alloc_extra,
            row_number() over (partition by g.is_total order by g.alloc * 10000000000 - ${units} desc${byKeys}) as rest_rank
          from (
            select ${sql.join([...selectKeys, sql`${isTotal} as is_total`], sql`, `)},
              coalesce(sum(x.requests), 0)::bigint as requests,
              coalesce(sum(x.input_tokens), 0)::bigint as input_tokens,
              coalesce(sum(x.output_tokens), 0)::bigint as output_tokens,
              coalesce(sum(x.cache_read_tokens), 0)::bigint as cache_read_tokens,
              coalesce(sum(x.cache_write_tokens), 0)::bigint as cache_write_tokens,
              coalesce(sum(x.cost_usd), 0)::numeric(30, 10) as cost_num,
              coalesce(sum(x.list_cost_usd), 0)::numeric(30, 10) as list_num,
              coalesce(sum(x.cost_usd), 0)::numeric(30, 10)::text as cost_usd,
              coalesce(sum(x.list_cost_usd), 0)::numeric(30, 10)::text as list_cost_usd,
              round(coalesce(sum(x.alloc), 0), 20) as alloc
            from (${usage} ${shares} ${unused}) x
            ${groupSets}
          ) g
        ) r
      ) s
    ) numbered
    where rn = 1 or (rn > ${offset + 1} and rn <= ${offset + limit + 1})
    order by rn`,
  );
  const [rows, planFees] = await Promise.all([rowsQuery, sumPlanFees(ctx, input)]);

  const [totalRow, ...dataRows] = rows;
  const totals = totalRow ? metrics(totalRow) : emptyMetrics();
  const groups = keys.length > 0 ? Number(totalRow?.row_count ?? 1) - 1 : 1;
  const truncated = keys.length > 0 && groups > offset + limit;
  return {
    groups,
    result: {
      from: input.from,
      to: input.to,
      currency: "USD",
      totals: { ...totals, plan_fees_usd: planFees },
      rows: keys.length > 0 ? dataRows.map((r) => toRow(r, input)) : [{ ...totals }],
      truncated,
      limit,
      next_cursor: truncated ? encodeCursor(input, offset + limit) : null,
    },
  };
}

/** An unused plan fee line's value of a dimension: its plan, vendor, surface `plan` and holder; nothing else. */
function unusedCol(d: Dimension, resolve: { person: boolean; team: boolean }): SQL {
  switch (d) {
    case "plan":
      return sql`u.plan`;
    case "provider":
      return sql`u.vendor`;
    case "surface":
      return sql`'plan'::text`;
    case "cost_source":
      return sql`'plan_fee'::text`;
    case "billable":
      return sql`false`;
    case "person":
      return resolve.person ? sql`u.holder_email` : NO_PERSON_EXPR;
    case "team":
      return resolve.team ? sql`u.holder_team` : sql`null::text`;
    default:
      return sql`null::${sql.raw(sqlType(d))}`;
  }
}

async function directoryState(ctx: Ctx): Promise<DirectoryState> {
  const [row] = await queryRows<Record<keyof DirectoryState, boolean>>(
    ctx.db,
    sql`select d.*, ${HOLDERS_EXIST} as holders, ${PLANS_EXIST} as plans from (${DIRECTORY_STATE}) d`,
  );
  return { people: row?.people === true, teams: row?.teams === true, holders: row?.holders === true, plans: row?.plans === true };
}

interface WhereShape {
  col: (d: Dimension) => SQL;
  /** The person's id, for `?person=<id>`. */
  personId: SQL;
  /** The row's day (when `rollup`: the range is then a day range). */
  day: SQL;
  rollup: boolean;
}

function buildWhere(input: SpendInput, { col: column, personId, day, rollup }: WhereShape): SQL {
  const parts: SQL[] = rollup
    ? [sql`${day} between ${input.from}::date and ${input.to}::date`]
    : [
        sql`r."timestamp" >= ${`${input.from}T00:00:00Z`}::timestamptz`,
        sql`r."timestamp" < (${input.to}::date + 1)::timestamp at time zone 'UTC'`,
      ];
  for (const [dim, values] of Object.entries(input.filters) as [Dimension, (string | number | boolean | null)[]][]) {
    const col = column(dim);
    const present = values.filter((v) => v !== null);
    // A person is named by their primary email (any case) or their id.
    const list = sql.join(
      present.map((v) => (dim === "person" ? sql`${String(v).toLowerCase()}` : sql`${v}`)),
      sql`, `,
    );
    const alternatives: SQL[] = [];
    if (present.length > 0)
      alternatives.push(dim === "person" ? sql`(${col} in (${list}) or ${personId} in (${list}))` : sql`${col} in (${list})`);
    if (present.length < values.length) alternatives.push(sql`${col} is null`);
    parts.push(sql`(${sql.join(alternatives, sql` or `)})`);
  }
  return sql.join(parts, sql` and `);
}

function metrics(r: Record<string, unknown>): SpendMetrics {
  return {
    requests: Number(r.requests),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    cache_read_tokens: Number(r.cache_read_tokens),
    cache_write_tokens: Number(r.cache_write_tokens),
    cost_usd: String(r.cost_usd),
    list_cost_usd: String(r.list_cost_usd),
    effective_cost_usd: String(r.effective_cost_usd),
  };
}

function emptyMetrics(): SpendMetrics {
  return {
    requests: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cost_usd: ZERO,
    list_cost_usd: ZERO,
    effective_cost_usd: ZERO,
  };
}

function toRow(r: Record<string, unknown>, input: SpendInput): SpendRow {
  const row: SpendRow = { ...(input.interval !== "none" ? { period: String(r.period) } : {}) } as SpendRow;
  for (const d of input.groupBy) {
    const v = r[d];
    row[d] = v === null || v === undefined ? null : dimensionSpec(d).type === "integer" ? Number(v) : (v as string | boolean);
  }
  return { ...row, ...metrics(r), ...(r._unused === true ? { unused_plan_fee: true as const } : {}) };
}
