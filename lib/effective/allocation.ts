import { type SQL, sql } from "drizzle-orm";
import { rollupFor } from "@/lib/dimensions/rollups";
import { PERSON_ID_EXPR, resolvedFrom, resolvedRelation } from "@/lib/people/resolve";
import { PLANS_EXIST, planDayFees } from "@/lib/plans/fee-lines";

/**
 * Effective cost (DESIGN §2): metered cost plus each plan's fee allocated to the usage that consumed it.
 *
 * For every plan and UTC day, the day's fee (`planDayFees`: the one proration rule) is split by seat, exactly: in
 * units of 1e-10 USD, each seat gets fee ÷ seats rounded down and the first (fee mod seats) seats one unit more.
 * Named seat holders take seats 1..k by email; the unnamed seats form one pool. Each share is a *class*:
 * - a holder's share goes to that holder's usage of the plan that day;
 * - the pool goes to the plan's usage that day by everyone who holds no named seat;
 * within a class, in proportion to list cost (by requests when the class's usage has no list cost at all). A class
 * with no usage is an **unused plan fee** line (plan, day, holder when known): never spread onto others.
 *
 * Allocation is linear — a set of usage rows gets fee × (their weight ÷ the class's weight) — so any grouping of any
 * source (a rollup, the raw events, a pull request's events) gets the same exact share; callers round once, at the
 * end (`lib/spend/list-spend.ts` distributes the residue so rows add up to the totals to the last digit). A class's
 * usage is read unfiltered, so a filtered query sees each row's share of the whole plan-day.
 *
 * A usage row belongs to a plan through its `plan` (the plan's name), and to a holder through its resolved person
 * (lib/people/resolve.ts). Seat holders are today's, also for closed months (only the terms are frozen at a close).
 */

/** Units of 1e-10 USD per dollar: fees are split in whole units so the shares add up exactly. */
const UNIT = sql.raw("10000000000");

/** Seat holders, capped at the plan's seats on each day: plan name, holder (person id as text), email, team, seat. */
const HOLDERS = sql`select pl.name as plan, pe.id::text as holder, pe.email, pe.team,
    row_number() over (partition by pl.id order by pe.email) as seat
  from plan_seat_holders h join plans pl on pl.id = h.plan_id join people pe on pe.id = h.person_id`;

/** Where a class's usage (its weight) is read from, with columns `plan`, the day, list cost and requests. */
export interface UsageSource {
  /** A relation with the usage rows as `r` (and, when `personId` is set, their resolved person). */
  from: SQL;
  /** The row's UTC day (a date). */
  day: SQL;
  /** The row's request count. */
  requests: SQL;
  /** The row's resolved person id as text; null when no plan names a seat holder (every row is in the pool). */
  personId: SQL | null;
}

/**
 * Once seat holders exist: the plan rows of the UTC days `from`..`to` with their person resolved (`_pid`, `_pemail`,
 * `_pteam`), as a CTE — from the wide rollup (its plan rows through a partial index) or the raw events, with the
 * stored `columns` a query groups or filters by — read once per statement both to weigh the classes
 * (`planRowsSource`) and to give the query's groups their shares.
 */
export function planRowsCte(from: string, to: string, raw: boolean, columns: readonly string[]): SQL {
  const table = raw ? "events" : rollupFor(["user", "api_key", "plan"]);
  const range = raw
    ? sql`r."timestamp" >= ${`${from}T00:00:00Z`}::timestamptz and r."timestamp" < (${to}::date + 1)::timestamp at time zone 'UTC'`
    : sql`r.day between ${from}::date and ${to}::date`;
  // Summed over the columns that matter first (plan, day, the identity, the query's dimensions), so the people are
  // resolved and the classes joined per group of rows, not per row.
  const keys = [...new Set(["plan", "user", "api_key", ...columns])].map((c) => sql`r.${sql.identifier(c)}`);
  const day = raw ? sql`(r."timestamp" at time zone 'UTC')::date` : sql`r.day`;
  const grouped = sql`(select ${sql.join(keys, sql`, `)}, ${day} as _day, sum(r.list_cost_usd) as list_cost_usd,
      ${raw ? sql`count(*)` : sql`sum(r.requests)`} as requests
    from ${sql.identifier(table)} r where r.plan is not null and ${range}
    group by ${sql.join(keys, sql`, `)}, ${day})`;
  return sql`_alloc_plan_rows as materialized (
      select r.*, ${PERSON_ID_EXPR} as _pid, p.email as _pemail, p.team as _pteam from ${resolvedRelation(grouped)}
    )`;
}

/** The plan rows of `planRowsCte` as a usage source. */
export function planRowsSource(): UsageSource {
  return { from: sql`_alloc_plan_rows r`, day: sql`r._day`, requests: sql`r.requests`, personId: sql`r._pid` };
}

/**
 * Where a plan-day's usage is weighed without seat holders: any rollup holds `plan` (the core one is smallest), or
 * the raw events (a raw path checks the rollups' answer from scratch).
 */
export function usageSource(from: "rollups" | "events", holders: boolean): UsageSource {
  const raw = from === "events";
  const table = raw ? "events" : holders ? rollupFor(["user", "api_key", "plan"]) : rollupFor(["plan"]);
  return {
    from: holders ? resolvedFrom(table) : sql`${sql.identifier(table)} r`,
    day: raw ? sql`(r."timestamp" at time zone 'UTC')::date` : sql`r.day`,
    requests: raw ? sql`1` : sql`r.requests`,
    personId: holders ? PERSON_ID_EXPR : null,
  };
}

/**
 * The allocation's CTEs for the UTC days `from`..`to`, to put after `with` in a statement: `_alloc_classes` (plan,
 * vendor, tool, day, holder — '' for the unnamed seats — holder_email, holder_team, fee) and `_alloc_rates` (those
 * columns plus `lw` and `rw`, the class's list cost and requests; both null when the class had no usage: unused).
 */
export function allocationCtes(from: string, to: string, usage: UsageSource): SQL {
  const holderOf = usage.personId
    ? sql`left join _alloc_classes hc on hc.plan = r.plan and hc.day = ${usage.day} and hc.holder = ${usage.personId}`
    : sql``;
  return sql`_alloc_days as (${planDayFees(from, to)}),
    _alloc_holders as (${HOLDERS}),
    _alloc_classes as (
      select d.plan, d.vendor, d.tool, d.day, h.holder, h.email as holder_email, h.team as holder_team,
        ((div(d.fee * ${UNIT}, d.seats) + case when h.seat <= mod(d.fee * ${UNIT}, d.seats) then 1 else 0 end) / ${UNIT})::numeric(30, 10) as fee
      from _alloc_days d join _alloc_holders h on h.plan = d.plan and h.seat <= d.seats
      union all
      select d.plan, d.vendor, d.tool, d.day, '' as holder, null::text, null::text,
        ((d.fee * ${UNIT} - n.k * div(d.fee * ${UNIT}, d.seats) - least(n.k, mod(d.fee * ${UNIT}, d.seats))) / ${UNIT})::numeric(30, 10) as fee
      from _alloc_days d cross join lateral (
        select count(*) as k from _alloc_holders h where h.plan = d.plan and h.seat <= d.seats
      ) n
      where d.seats > n.k
    ),
    _alloc_weights as (
      select r.plan, ${usage.day} as day, ${usage.personId ? sql`coalesce(hc.holder, '')` : sql`''`} as holder,
        sum(r.list_cost_usd) as lw, sum(${usage.requests}) as rw
      from ${usage.from} ${holderOf}
      where r.plan is not null and ${usage.day} between ${from}::date and ${to}::date
      group by 1, 2, 3
    ),
    _alloc_rates as (
      select c.*, w.lw, w.rw from _alloc_classes c left join _alloc_weights w using (plan, day, holder)
    )`;
}

/**
 * Joins a usage row to its class's rate (as `_ar`): its holder's when its person holds a named seat of its plan, else
 * the pool's. `personId` null: no one holds a named seat (every row is in the pool).
 */
export function rateJoin(plan: SQL, day: SQL, personId: SQL | null): SQL {
  if (!personId) return sql`left join _alloc_rates _ar on _ar.plan = ${plan} and _ar.day = ${day} and _ar.holder = ''`;
  return sql`left join _alloc_rates _arh on _arh.plan = ${plan} and _arh.day = ${day} and _arh.holder = ${personId}
    left join _alloc_rates _ar on _ar.plan = ${plan} and _ar.day = ${day} and _ar.holder = coalesce(_arh.holder, '')`;
}

/**
 * A usage row's exact share of its class's fee (0 outside any plan-day), unrounded: round once, after summing. A
 * class's usage may be net of rows taken back (negative: a closed month's export less what arrived after its close);
 * a class whose net requests are not positive has no usage.
 */
export function allocatedFee(listCost: SQL, requests: SQL): SQL {
  return sql`coalesce(case when _ar.lw > 0 then (_ar.fee * ${listCost})::numeric(60, 30) / _ar.lw
    when _ar.rw > 0 then (_ar.fee * ${requests})::numeric(60, 30) / _ar.rw end, 0)`;
}

/** The unused plan fee lines (classes without usage), from `_alloc_rates`: plan, vendor, tool, day, holder, fee. */
export const UNUSED_LINES = sql`select plan, vendor, tool, day, nullif(holder, '') as holder, holder_email, holder_team, fee
  from _alloc_rates where coalesce(rw, 0) <= 0 and fee > 0`;

/**
 * The columns `roundedShares` needs, for a select over a usage row joined to its rate (`rateJoin`): the row's
 * unrounded share `a` and its class.
 */
export function shareColumns(listCost: SQL, requests: SQL): SQL {
  return sql`${allocatedFee(listCost, requests)} as a, _ar.plan as _c_plan, _ar.day as _c_day, _ar.holder as _c_holder,
    _ar.fee as _c_fee, _ar.rw as _c_rw`;
}

/**
 * `rows` (usage rows with `shareColumns` and a unique `k`) with `alloc`: each share rounded to 10 places so each
 * class's rows add up to its fee exactly (down to 1e-10, then one more unit to the largest remainders, ties by `k`).
 * For outputs that must add up row by row whatever they are grouped into (the FOCUS file).
 */
export function roundedShares(rows: SQL): SQL {
  const units = sql`floor(s.a * ${UNIT})`;
  const klass = sql`partition by s._c_plan, s._c_day, s._c_holder`;
  return sql`select s.*, ((${units} + case when s._c_rw > 0
        and row_number() over (${klass} order by s.a * ${UNIT} - ${units} desc, s.k) <= round(s._c_fee * ${UNIT}) - sum(${units}) over (${klass})
      then 1 else 0 end) / ${UNIT})::numeric(30, 10) as alloc
    from (${rows}) s`;
}

/** Whether any plan names a seat holder (then allocation needs each usage row's person). */
export const HOLDERS_EXIST = sql`exists (select 1 from plan_seat_holders)`;

/** Whether there may be fees to allocate (`plans`), and whether allocation needs each usage row's person (`holders`). */
export interface PlanState {
  plans: boolean;
  holders: boolean;
}

/** The plan state, as one SQL row (`plans`, `holders`). */
export const PLAN_STATE = sql`select ${PLANS_EXIST} as plans, ${HOLDERS_EXIST} as holders`;
