import { type SQL, sql } from "drizzle-orm";
import { periodCount } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";

/** The columns a plan's terms have, whether read from `plans` or from a closed month's frozen `month_closes.plans`. */
const TERMS =
  "name text, vendor text, tool text, seats integer, fee_per_seat_usd numeric, start_date date, end_date date, included_requests_per_seat integer";

/**
 * The plans' terms per calendar month of the UTC days `from`..`to`, as SQL: one row per plan and month it was active
 * in, with the plan's terms, `m` (the month's first day), `active_first` and `active_last` (the plan's active days in
 * the month, whatever the range), `first_day` and `last_day` (those inside the range) and `month_days`. A closed
 * month uses the terms frozen at its close.
 */
function termMonths(from: string, to: string): SQL {
  return sql`select *, greatest(a.active_first, ${from}::date) as first_day, least(a.active_last, ${to}::date) as last_day from (
      select mo.m, t.name, t.vendor, t.tool, t.seats, t.fee_per_seat_usd, t.included_requests_per_seat,
        greatest(t.start_date, mo.m) as active_first,
        least(coalesce(t.end_date, mo.m_last), mo.m_last) as active_last,
        (mo.m_last - mo.m + 1) as month_days
      from (
        select m, (m + interval '1 month')::date - 1 as m_last
        from (select (${monthStartOf(from)}::date + make_interval(months => i))::date as m from ${series(periodCount(from, to, "month"))}) s
      ) mo
      cross join lateral (
        select x.* from month_closes c, jsonb_to_recordset(c.plans) as x(${sql.raw(TERMS)})
        where c.month = to_char(mo.m, 'YYYY-MM')
        union all
        select p.name, p.vendor, p.tool, p.seats, p.fee_per_seat_usd, p.start_date, p.end_date, p.included_requests_per_seat from plans p
        where not exists (select 1 from month_closes c where c.month = to_char(mo.m, 'YYYY-MM'))
      ) t
    ) a
    where greatest(a.active_first, ${from}::date) <= least(a.active_last, ${to}::date)`;
}

/**
 * `i` = 0..n-1, with n a constant in the statement, so the planner knows how many rows it gives (a generate_series
 * over dates is guessed at 1,000, which made plans look costly enough to JIT-compile).
 */
function series(n: number): SQL {
  return sql.raw(`generate_series(0, ${Math.max(0, Math.trunc(n)) - 1}) i`);
}

/**
 * The proration rule, as SQL over a `termMonths` row `w`. A plan's fee for its active days of a month is seats × fee
 * per seat × active days ÷ days in the month, rounded once to 10 places (a whole month: exactly seats × fee). Its
 * days share that evenly: the fee of its first `days` active days (an integer SQL expression) is the month's active
 * fee × days ÷ active days, rounded to 10 places. A run of days costs the difference of two of these, so days add up
 * to any range and to the month's line exactly, and a day's fee is the same whichever range it is read in.
 */
function feeThroughDay(days: SQL): SQL {
  const active = sql`(w.active_last - w.active_first + 1)`;
  const activeFee = sql`round((w.seats * w.fee_per_seat_usd * ${active})::numeric(40, 20) / w.month_days, 10)`;
  return sql`round((${activeFee} * (${days}))::numeric(40, 20) / ${active}, 10)`;
}

/**
 * The plan fee lines of the UTC days `from`..`to` (inclusive), as SQL: one row per plan and calendar month it was
 * active in, with `month` (YYYY-MM), `name`, `vendor`, `tool`, `seats`, `fee_per_seat_usd`, `first_day`, `last_day`
 * (the active days inside the range), `days`, `month_days` and `fee_usd`. A fee is per seat per calendar month,
 * prorated by day (`feeThroughDay`): a line is the sum of its days' fees (`planDayFees`) and a whole month is exactly
 * seats × fee. A closed month uses the terms frozen at its close, so its fees never change. One definition for
 * `/api/v1/spend`, effective cost, the export, the Overview and the Surfaces screen (DESIGN §3.3, §3.7).
 */
export function planFeeLines(from: string, to: string): SQL {
  return sql`select to_char(w.m, 'YYYY-MM') as month, w.name, w.vendor, w.tool, w.seats, w.included_requests_per_seat,
      w.fee_per_seat_usd::numeric(30, 10)::text as fee_per_seat_usd, w.first_day::text as first_day, w.last_day::text as last_day,
      (w.last_day - w.first_day + 1) as days, w.month_days,
      (${feeThroughDay(sql`w.last_day - w.active_first + 1`)} - ${feeThroughDay(sql`w.first_day - w.active_first`)})::numeric(30, 10)::text as fee_usd
    from (${termMonths(from, to)}) w`;
}

/**
 * Each plan's fee per active UTC day of `from`..`to`, as SQL: `plan` (its name), `vendor`, `tool`, `seats`, `day`
 * and `fee` (numeric, 10 places). The days of a `planFeeLines` line add up to its `fee_usd` exactly.
 */
export function planDayFees(from: string, to: string): SQL {
  return sql`select w.name as plan, w.vendor, w.tool, w.seats, d.day,
      (${feeThroughDay(sql`d.day - w.active_first + 1`)} - ${feeThroughDay(sql`d.day - w.active_first`)})::numeric(30, 10) as fee
    from (${termMonths(from, to)}) w
    join (select ${from}::date + i as day from ${series(periodCount(from, to, "day"))}) d on d.day between w.first_day and w.last_day`;
}

/** A plan's terms as `month_closes.plans` freezes them. */
export const PLAN_TERMS_JSON = sql`select coalesce(jsonb_agg(jsonb_build_object(
    'name', name, 'vendor', vendor, 'tool', tool, 'seats', seats, 'fee_per_seat_usd', fee_per_seat_usd::text,
    'start_date', start_date::text, 'end_date', end_date::text, 'included_requests_per_seat', included_requests_per_seat)
    order by name), '[]'::jsonb) as plans
  from plans`;

/** Whether any plan exists, now or frozen in a closed month: otherwise no range has a fee. */
export const PLANS_EXIST = sql`(exists (select 1 from plans) or exists (select 1 from month_closes where plans <> '[]'::jsonb))`;
