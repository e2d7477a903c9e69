import "server-only";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { addDays } from "@/lib/dates/calendar";
import { RULES } from "./rules";
import { KEY, type WorkloadStats, workloadEvents, workloadStatsOf } from "./workload-stats";

// The Surfaces classifier's statistics, kept per workload and UTC day by the fold (lib/aggregates/fold.ts) and put
// together for a month at request time from a few rows per workload and day. A month's answer is exactly what one
// pass over its events gives (listWorkloadStatsRaw): sums add; the timing is joined across days (see the month query).

const GAP = RULES.burstGapSeconds;

/** Recomputes one day's workload rows and actor edges from its events (inside the fold's transaction). */
export async function foldWorkloadDay(tx: DbOrTx, day: string): Promise<void> {
  const start = `${day}T00:00:00Z`;
  const { start: workStart, end: workEnd } = RULES.workingHours;
  await tx.execute(sql`delete from workload_daily where day = ${day}::date`);
  await tx.execute(sql`delete from workload_actor_edges where day = ${day}::date`);
  await tx.execute(
    sql`with e as (${workloadEvents(start, `${addDays(day, 1)}T00:00:00Z`)}      ),
      starts as (
        select ${sql.raw(KEY)}, ts, extract(epoch from ts - lag(ts) over (partition by ${sql.raw(KEY)} order by ts)) as since_prev
        from e where gap > ${GAP}
      ),
      s as (
        select ${sql.raw(KEY)}, count(*) as inner_starts, min(ts) as first_inner, max(ts) as last_inner,
          coalesce(sum(since_prev), 0) as interval_sum, coalesce(sum(since_prev * since_prev), 0) as interval_sum_sq
        from starts group by ${sql.raw(KEY)}
      ),
      w as (
        select ${sql.raw(KEY)}, count(*) as requests, sum(cost_usd) as cost_usd, sum(list_cost_usd) as list_cost_usd,
          count(customer) as customer_calls,
          coalesce(array_agg(distinct "user") filter (where "user" is not null), '{}') as users,
          count(*) filter (where extract(isodow from ts at time zone 'UTC') >= 6
            or extract(hour from ts at time zone 'UTC') < ${workStart} or extract(hour from ts at time zone 'UTC') >= ${workEnd}) as off_hours,
          count(*) filter (where extract(hour from ts at time zone 'UTC') < 6) as night,
          count(*) filter (where extract(isodow from ts at time zone 'UTC') >= 6) as weekend,
          count(*) filter (where daily_total) as daily_totals,
          sum(input_tokens::numeric) as input_sum, sum(input_tokens::numeric * input_tokens) as input_sum_sq,
          min(ts) as first_at, max(ts) as last_at,
          count(*) filter (where actor_gap <= ${GAP}) as short_gaps,
          count(*) filter (where actor_gap >= ${RULES.humanPauseSeconds.min} and actor_gap <= ${RULES.humanPauseSeconds.max}) as pauses,
          coalesce(sum(actor_gap) filter (where actor_gap <= ${GAP}), 0) as gap_sum,
          coalesce(sum(actor_gap * actor_gap) filter (where actor_gap <= ${GAP}), 0) as gap_sum_sq
        from e group by ${sql.raw(KEY)}
      ),
      daily as (
        insert into workload_daily (day, ${sql.raw(KEY)}, requests, cost_usd, list_cost_usd, customer_calls, users, off_hours, night,
          weekend, daily_totals, input_sum, input_sum_sq, first_at, last_at, short_gaps, pauses, gap_sum, gap_sum_sq, inner_starts,
          first_inner_start, last_inner_start, inner_interval_sum, inner_interval_sum_sq)
        select ${day}::date, ${sql.raw(
          KEY.split(", ")
            .map((k) => `w.${k}`)
            .join(", "),
        )}, requests, cost_usd, list_cost_usd, customer_calls, users,
          off_hours, night, weekend, daily_totals, input_sum, input_sum_sq, first_at, last_at, short_gaps, pauses, gap_sum, gap_sum_sq,
          coalesce(s.inner_starts, 0), s.first_inner, s.last_inner, coalesce(s.interval_sum, 0), coalesce(s.interval_sum_sq, 0)
        from w left join s using (project, tool, provider, model, surface, plan)
        returning 1
      ),
      actors as (
        select ${sql.raw(KEY)}, actor, min(ts) as first_at, max(ts) as last_at from e group by ${sql.raw(KEY)}, actor
      )
      insert into workload_actor_edges (day, ${sql.raw(KEY)}, actor, first_at, last_at)
      select ${day}::date, ${sql.raw(KEY)}, actor,
        case when first_at <= ${start}::timestamptz + make_interval(secs => ${GAP}) then first_at end,
        case when last_at >= ${start}::timestamptz + interval '1 day' - make_interval(secs => ${GAP}) then last_at end
      from actors
      where first_at <= ${start}::timestamptz + make_interval(secs => ${GAP})
        or last_at >= ${start}::timestamptz + interval '1 day' - make_interval(secs => ${GAP})`,
  );
}

/**
 * Recomputes the gaps across the midnight before `day` (an actor's last call of the day before, its first of `day`)
 * into `day`'s rows. The fold runs it for every folded day and the day after it, once both days' edges are current.
 */
export async function foldCrossMidnight(tx: DbOrTx, day: string): Promise<void> {
  const sameWorkload = KEY.split(", ")
    .map((c) => `b.${c} = a.${c}`)
    .join(" and ");
  await tx.execute(
    sql`update workload_daily set cross_short_gaps = 0, cross_pauses = 0, cross_gap_sum = 0, cross_gap_sum_sq = 0 where day = ${day}::date`,
  );
  await tx.execute(
    sql`with gaps as (
        select ${sql.raw(
          KEY.split(", ")
            .map((c) => `b.${c}`)
            .join(", "),
        )}, extract(epoch from b.first_at - a.last_at) as g
        from workload_actor_edges b join workload_actor_edges a on a.day = b.day - 1 and ${sql.raw(sameWorkload)} and a.actor = b.actor
        where b.day = ${day}::date and b.first_at is not null and a.last_at is not null
      ),
      cross_day as (
        select ${sql.raw(KEY)}, count(*) filter (where g <= ${GAP}) as short_gaps,
          count(*) filter (where g >= ${RULES.humanPauseSeconds.min} and g <= ${RULES.humanPauseSeconds.max}) as pauses,
          coalesce(sum(g) filter (where g <= ${GAP}), 0) as s, coalesce(sum(g * g) filter (where g <= ${GAP}), 0) as ss
        from gaps group by ${sql.raw(KEY)}
      )
      update workload_daily w set cross_short_gaps = c.short_gaps, cross_pauses = c.pauses, cross_gap_sum = c.s, cross_gap_sum_sq = c.ss
      from cross_day c
      where w.day = ${day}::date and ${sql.raw(
        KEY.split(", ")
          .map((c) => `w.${c} = c.${c}`)
          .join(" and "),
      )}`,
  );
}

type Row = Record<string, string | number | string[] | null>;

/**
 * The month's workloads from the daily rows, most valuable first (by list cost). Across days: a day's first call
 * starts a burst unless the previous call (the last of the workload's previous day with calls) was at most the burst
 * gap before it; the interval into a day's first burst runs from the latest burst start of the days before; an actor's
 * gap across midnight joins its last call of one day (an edge row) with its first call of the next.
 */
export async function listWorkloadStats(ctx: Ctx, range: { firstDay: string; lastDay: string }, limit = 200): Promise<WorkloadStats[]> {
  const rows = await queryRows<Row>(
    ctx.db,
    sql`with d as (
        select *, lag(last_at) over (partition by ${sql.raw(KEY)} order by day) as prev_last
        from workload_daily where day between ${range.firstDay}::date and ${range.lastDay}::date
      ),
      b as (
        select *, (prev_last is null or extract(epoch from first_at - prev_last) > ${GAP}) as starts_burst
        from d
      ),
      c as (
        select *,
          case when starts_burst then first_at else first_inner_start end as day_first_start,
          case when inner_starts > 0 then last_inner_start when starts_burst then first_at end as day_last_start
        from b
      ),
      p as (
        select *, max(day_last_start) over (partition by ${sql.raw(KEY)} order by day rows between unbounded preceding and 1 preceding) as prev_start
        from c
      ),
      intervals as (
        select ${sql.raw(KEY)}, extract(epoch from day_first_start - prev_start) as v from p where day_first_start is not null and prev_start is not null
        union all
        select ${sql.raw(KEY)}, extract(epoch from first_inner_start - first_at) from p where starts_burst and inner_starts > 0
      ),
      bursts as materialized (
        select ${sql.raw(KEY)}, sum(starts_burst::int + inner_starts) as bursts,
          sum(greatest(inner_starts - 1, 0)) as n, sum(inner_interval_sum) as s, sum(inner_interval_sum_sq) as ss
        from p group by ${sql.raw(KEY)}
      ),
      boundary as materialized (
        select ${sql.raw(KEY)}, count(v) as n, coalesce(sum(v), 0) as s, coalesce(sum(v * v), 0) as ss from intervals group by ${sql.raw(KEY)}
      ),
      user_sets as materialized (
        select ${sql.raw(KEY)}, count(distinct u) as users, (array_agg(distinct u))[1:6] as user_names
        from d, unnest(users) u group by ${sql.raw(KEY)}
      ),
      w as (
        select ${sql.raw(KEY)}, sum(requests) as requests, sum(cost_usd) as cost_usd, sum(list_cost_usd) as list_cost_usd,
          sum(customer_calls) as customer_calls, sum(off_hours) as off_hours, sum(night) as night, sum(weekend) as weekend,
          sum(daily_totals) as daily_totals, sum(input_sum) as input_sum, sum(input_sum_sq) as input_sum_sq,
          sum(short_gaps + case when day > ${range.firstDay}::date then cross_short_gaps else 0 end) as short_gaps,
          sum(pauses + case when day > ${range.firstDay}::date then cross_pauses else 0 end) as pauses,
          sum(gap_sum + case when day > ${range.firstDay}::date then cross_gap_sum else 0 end) as gap_sum,
          sum(gap_sum_sq + case when day > ${range.firstDay}::date then cross_gap_sum_sq else 0 end) as gap_sum_sq
        from d group by ${sql.raw(KEY)}
      ),
      m as (
        select w.*, coalesce(u.users, 0) as users, u.user_names, bu.bursts,
          w.short_gaps as gaps_n, w.gap_sum as gaps_s, w.gap_sum_sq as gaps_ss,
          bu.n + coalesce(bo.n, 0) as iv_n, bu.s + coalesce(bo.s, 0) as iv_s, bu.ss + coalesce(bo.ss, 0) as iv_ss
        from w join bursts bu using (project, tool, provider, model, surface, plan)
          left join boundary bo using (project, tool, provider, model, surface, plan)
          left join user_sets u using (project, tool, provider, model, surface, plan)
      )
      select project, tool, provider, model, surface, plan, requests,
        cost_usd::numeric(30, 10)::text as cost_usd, list_cost_usd::numeric(30, 10)::text as list_cost_usd,
        customer_calls, users, user_names, off_hours, night, weekend, gaps_n as short_gaps, pauses,
        case when gaps_n > 0 then gaps_s / gaps_n end as gap_mean,
        case when gaps_n > 0 then sqrt(greatest(gaps_n * gaps_ss - gaps_s * gaps_s, 0) / (gaps_n * gaps_n)) end as gap_sd,
        bursts,
        case when iv_n > 0 then iv_s / iv_n end as interval_mean,
        case when iv_n > 0 then sqrt(greatest(iv_n * iv_ss - iv_s * iv_s, 0) / (iv_n * iv_n)) end as interval_sd,
        input_sum / requests as input_mean,
        sqrt(greatest(requests * input_sum_sq - input_sum * input_sum, 0) / (requests * requests)) as input_sd,
        daily_totals
      from m
      order by list_cost_usd::numeric desc, requests desc, project, tool, model
      limit ${limit}`,
  );
  return rows.map(workloadStatsOf);
}
