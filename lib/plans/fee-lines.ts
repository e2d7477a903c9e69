import { type SQL, sql } from "drizzle-orm";

/** The columns a plan's terms have, whether read from `plans` or from a closed month's frozen `month_closes.plans`. */
const TERMS =
  "name text, vendor text, tool text, seats integer, fee_per_seat_usd numeric, start_date date, end_date date, included_requests_per_seat integer";

/**
 * The plan fee lines of the UTC days `from`..`to` (inclusive), as SQL: one row per plan and calendar month it was
 * active in, with `month` (YYYY-MM), `name`, `vendor`, `tool`, `seats`, `fee_per_seat_usd`, `first_day`, `last_day`
 * (the active days inside the range), `days`, `month_days` and `fee_usd`. A fee is per seat per calendar month,
 * prorated by day: seats × fee per seat × active days ÷ days in the month, rounded to 10 places once per line — a
 * whole month is exactly seats × fee. A closed month uses the terms frozen at its close, so its fees never change.
 * One definition for `/api/v1/spend`, the export, the Overview and the Surfaces screen (DESIGN §3.3, §3.7).
 */
export function planFeeLines(from: string, to: string): SQL {
  return sql`select to_char(w.m, 'YYYY-MM') as month, w.name, w.vendor, w.tool, w.seats, w.included_requests_per_seat,
      w.fee_per_seat_usd::numeric(30, 10)::text as fee_per_seat_usd, w.first_day::text as first_day, w.last_day::text as last_day,
      (w.last_day - w.first_day + 1) as days, w.month_days,
      round((w.seats * w.fee_per_seat_usd * (w.last_day - w.first_day + 1))::numeric(40, 20) / w.month_days, 10)::numeric(30, 10)::text as fee_usd
    from (
      select mo.m, t.name, t.vendor, t.tool, t.seats, t.fee_per_seat_usd, t.included_requests_per_seat,
        greatest(t.start_date, mo.m, ${from}::date) as first_day,
        least(coalesce(t.end_date, mo.m_last), mo.m_last, ${to}::date) as last_day,
        (mo.m_last - mo.m + 1) as month_days
      from (
        select m::date as m, (m + interval '1 month')::date - 1 as m_last
        from generate_series(date_trunc('month', ${from}::date), date_trunc('month', ${to}::date), interval '1 month') m
      ) mo
      cross join lateral (
        select x.* from month_closes c, jsonb_to_recordset(c.plans) as x(${sql.raw(TERMS)})
        where c.month = to_char(mo.m, 'YYYY-MM')
        union all
        select p.name, p.vendor, p.tool, p.seats, p.fee_per_seat_usd, p.start_date, p.end_date, p.included_requests_per_seat from plans p
        where not exists (select 1 from month_closes c where c.month = to_char(mo.m, 'YYYY-MM'))
      ) t
    ) w
    where w.last_day >= w.first_day`;
}

/** A plan's terms as `month_closes.plans` freezes them. */
export const PLAN_TERMS_JSON = sql`select coalesce(jsonb_agg(jsonb_build_object(
    'name', name, 'vendor', vendor, 'tool', tool, 'seats', seats, 'fee_per_seat_usd', fee_per_seat_usd::text,
    'start_date', start_date::text, 'end_date', end_date::text, 'included_requests_per_seat', included_requests_per_seat)
    order by name), '[]'::jsonb) as plans
  from plans`;
