import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { dimensionSpec } from "@/lib/dimensions/registry";
import { DIRECTORY_STATE, NO_PERSON_EXPR, PERSON_EXPR, PERSON_ID_EXPR, resolvedFrom, TEAM_EXPR } from "@/lib/people/resolve";
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
}

export type SpendRow = SpendMetrics & { period?: string } & Partial<Record<Dimension, string | number | boolean | null>>;

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
export function spendSourceFor(input: Pick<SpendInput, "groupBy" | "filters">): SpendSource {
  return spendSource(queryDims(input));
}

function queryDims(input: Pick<SpendInput, "groupBy" | "filters">): Dimension[] {
  return [...input.groupBy, ...(Object.keys(input.filters) as Dimension[])];
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
}

/**
 * `listSpend`, plus how many groups the whole result has (the explorer says "2,000 of 31,204 groups"). Rows come a
 * page at a time (`limit`, default SPEND_ROW_LIMIT.default, from `offset`) in the contract's order made total by the
 * group values (period, cost descending, then each group value, nulls last), so pages never overlap or skip a row of
 * unchanged data; a window over the one grouping-sets scan numbers the rows, so the totals stay exact.
 */
export async function listSpendPage(
  ctx: Ctx,
  input: SpendInput,
  opts: SpendOptions = {},
): Promise<{ result: SpendResult; groups: number }> {
  assertCan(ctx.actor, "dashboards:read");
  const { db } = ctx;
  const dims = queryDims(input);
  // Resolved when read (lib/people/resolve.ts): the person, and a team that falls back to the person's. Only once the
  // directory has people (with teams, for team): until then the narrowest rollup answers as before people existed.
  const directory = dims.includes("person") || dims.includes("team") ? await directoryState(ctx) : { people: false, teams: false };
  const resolve = (dims.includes("person") && directory.people) || (dims.includes("team") && directory.teams);
  const needed: Dimension[] = resolve ? [...dims, "user", "api_key"] : dims.filter((d) => d !== "person");
  const source = opts.forceRaw ? "events" : (opts.source ?? spendSource(needed));
  const rollup = source !== "events";
  if (!sourceHolds(source, needed)) throw new Error(`${source} does not hold the query's dimensions`);
  const col = (d: Dimension): SQL =>
    d === "person" ? (resolve ? PERSON_EXPR : NO_PERSON_EXPR) : resolve && d === "team" ? TEAM_EXPR : sql`r.${sql.identifier(d)}`;
  // Raw SQL (from whitelisted values) so the select list and the group by see the very same expression.
  const day = rollup ? "r.day" : `(r."timestamp" at time zone 'UTC')::date`;
  const period =
    input.interval === "none" ? null : sql.raw(input.interval === "day" ? day : `date_trunc('${input.interval}', ${day})::date`);

  const keys: SQL[] = [...(period ? [period] : []), ...input.groupBy.map(col)];
  const selectKeys: SQL[] = [
    ...(period ? [sql`to_char(${period}, 'YYYY-MM-DD') as period`] : []),
    ...input.groupBy.map((d) => sql`${col(d)} as ${sql.identifier(d)}`),
  ];
  const count = rollup ? sql.raw("sum(r.requests)") : sql.raw("count(*)");
  const where = buildWhere(input, rollup, col, resolve ? PERSON_ID_EXPR : NO_PERSON_EXPR);
  const groupSets = keys.length > 0 ? sql`group by grouping sets ((${sql.join(keys, sql`, `)}), ())` : sql``;
  const isTotal = keys.length > 0 ? sql`grouping(${sql.join(keys, sql`, `)}) <> 0` : sql`true`;

  const limit = input.limit ?? SPEND_ROW_LIMIT.default;
  const offset = input.offset ?? 0;
  const order = sql.join(
    [sql`${isTotal} desc`, ...(period ? [period] : []), sql`sum(r.cost_usd) desc`, ...input.groupBy.map((d) => sql`${col(d)} nulls last`)],
    sql`, `,
  );
  const rowsQuery = queryRows<Record<string, unknown>>(
    db,
    sql`select * from (
      select ${sql.join([...selectKeys, sql`${isTotal} as is_total`], sql`, `)},
        coalesce(${count}, 0)::bigint as requests,
        coalesce(sum(r.input_tokens), 0)::bigint as input_tokens,
        coalesce(sum(r.output_tokens), 0)::bigint as output_tokens,
        coalesce(sum(r.cache_read_tokens), 0)::bigint as cache_read_tokens,
        coalesce(sum(r.cache_write_tokens), 0)::bigint as cache_write_tokens,
        coalesce(sum(r.cost_usd), 0)::numeric(30, 10)::text as cost_usd,
        coalesce(sum(r.list_cost_usd), 0)::numeric(30, 10)::text as list_cost_usd,
        row_number() over (order by ${order}) as rn,
        count(*) over () as row_count
      from ${resolve ? resolvedFrom(source) : sql`${sql.identifier(source)} r`}
      where ${where}
      ${groupSets}
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

async function directoryState(ctx: Ctx): Promise<{ people: boolean; teams: boolean }> {
  const [row] = await queryRows<{ people: boolean; teams: boolean }>(ctx.db, DIRECTORY_STATE);
  return { people: row?.people === true, teams: row?.teams === true };
}

function buildWhere(input: SpendInput, rollup: boolean, column: (d: Dimension) => SQL, personId: SQL): SQL {
  const parts: SQL[] = rollup
    ? [sql`r.day between ${input.from}::date and ${input.to}::date`]
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
  };
}

function toRow(r: Record<string, unknown>, input: SpendInput): SpendRow {
  const row: SpendRow = { ...(input.interval !== "none" ? { period: String(r.period) } : {}) } as SpendRow;
  for (const d of input.groupBy) {
    const v = r[d];
    row[d] = v === null || v === undefined ? null : dimensionSpec(d).type === "integer" ? Number(v) : (v as string | boolean);
  }
  return { ...row, ...metrics(r) };
}
