import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { RULES } from "./rules";

/** Coding-tool sources whose events are a person's day in one line (lib/coding-tools): no call timing to judge. */
export const DAILY_TOTAL_SOURCES = ["claude-code", "copilot"] as const;

/** One workload (project × tool × model on one surface) over a month, with what its timing says about who runs it. */
export interface WorkloadStats {
  project: string | null;
  tool: string | null;
  provider: string;
  model: string;
  surface: "api" | "plan";
  plan: string | null;
  requests: number;
  costUsd: string;
  listCostUsd: string;
  /** Calls that carry a customer: the workload serves the product's customers. */
  customerCalls: number;
  /** Distinct named users, and up to six of them. */
  users: number;
  userNames: string[];
  offHoursCalls: number;
  nightCalls: number;
  weekendCalls: number;
  /** Consecutive calls of one actor (session, else user) at most a burst gap apart, and how many of those were human pauses. */
  shortGaps: number;
  pauses: number;
  /** Mean and standard deviation of those short gaps, in seconds (null without any). */
  gapMean: number | null;
  gapSd: number | null;
  bursts: number;
  /** Mean and standard deviation of the seconds between burst starts (null below two bursts). */
  burstIntervalMean: number | null;
  burstIntervalSd: number | null;
  inputTokensMean: number;
  inputTokensSd: number;
  /** Calls that are a coding tool's daily totals per person (Claude Code Analytics, Copilot): they carry no timing. */
  dailyTotals: number;
}

export type Row = Record<string, string | number | string[] | null>;

/** A workload's key columns, as `workloadEvents` names them and the daily tables store them. */
export const KEY = "project, tool, provider, model, surface, plan";

/**
 * The calls of [start, end) as the classifier reads them, one row each: the workload key, the actor (session, else
 * user), whether the line is a coding tool's daily total, and the seconds since the previous call of the same actor
 * (`actor_gap`) and of the same workload (`gap`) within the range. The month's raw reference and the daily fold
 * (workload-daily.ts) both read this, so the two cannot drift apart.
 */
export function workloadEvents(start: string, end: string) {
  return sql`
    select coalesce(repo, feature, '') as project, coalesce(tool, '') as tool, provider, model, surface, coalesce(plan, '') as plan,
      coalesce(session, "user", '') as actor, "user", customer, "timestamp" as ts, input_tokens, cost_usd, list_cost_usd,
      coalesce(sync_source in (${sql.join(
        DAILY_TOTAL_SOURCES.map((s) => sql`${s}`),
        sql`, `,
      )}), false) as daily_total,
      extract(epoch from "timestamp" - lag("timestamp") over (
        partition by coalesce(repo, feature, ''), coalesce(tool, ''), provider, model, surface, coalesce(plan, ''), coalesce(session, "user", '')
        order by "timestamp")) as actor_gap,
      extract(epoch from "timestamp" - lag("timestamp") over (
        partition by coalesce(repo, feature, ''), coalesce(tool, ''), provider, model, surface, coalesce(plan, '')
        order by "timestamp")) as gap
    from events
    where "timestamp" >= ${start}::timestamptz and "timestamp" < ${end}::timestamptz`;
}

/**
 * The month's workloads, most valuable first (by list cost), computed from its events at request time: one scan with
 * two window passes (gaps per actor, gaps per workload) and one over burst starts. The Surfaces screen reads the
 * same answer from the daily aggregates (workload-daily.ts); this is their reference, in tests and benchmarks.
 */
export async function listWorkloadStatsRaw(ctx: Ctx, range: { start: Date; end: Date }, limit = 200): Promise<WorkloadStats[]> {
  const { start: workStart, end: workEnd } = RULES.workingHours;
  const rows = await queryRows<Row>(
    ctx.db,
    sql`with e as (${workloadEvents(range.start.toISOString(), range.end.toISOString())}      ),
      starts as (
        select ${sql.raw(KEY)}, extract(epoch from ts - lag(ts) over (partition by ${sql.raw(KEY)} order by ts)) as since_prev
        from e where gap is null or gap > ${RULES.burstGapSeconds}
      ),
      bursts as (
        select ${sql.raw(KEY)}, count(*) as bursts, avg(since_prev) as interval_mean, stddev_pop(since_prev) as interval_sd
        from starts group by ${sql.raw(KEY)}
      ),
      w as (
        select ${sql.raw(KEY)}, count(*) as requests,
          sum(cost_usd)::numeric(30, 10)::text as cost_usd, sum(list_cost_usd)::numeric(30, 10)::text as list_cost_usd,
          count(customer) as customer_calls, count(distinct "user") as users, (array_agg(distinct "user") filter (where "user" is not null))[1:6] as user_names,
          count(*) filter (where extract(isodow from ts at time zone 'UTC') >= 6
            or extract(hour from ts at time zone 'UTC') < ${workStart} or extract(hour from ts at time zone 'UTC') >= ${workEnd}) as off_hours,
          count(*) filter (where extract(hour from ts at time zone 'UTC') < 6) as night,
          count(*) filter (where extract(isodow from ts at time zone 'UTC') >= 6) as weekend,
          count(*) filter (where actor_gap <= ${RULES.burstGapSeconds}) as short_gaps,
          count(*) filter (where actor_gap >= ${RULES.humanPauseSeconds.min} and actor_gap <= ${RULES.humanPauseSeconds.max}) as pauses,
          avg(actor_gap) filter (where actor_gap <= ${RULES.burstGapSeconds}) as gap_mean,
          stddev_pop(actor_gap) filter (where actor_gap <= ${RULES.burstGapSeconds}) as gap_sd,
          avg(input_tokens) as input_mean, stddev_pop(input_tokens) as input_sd,
          count(*) filter (where daily_total) as daily_totals
        from e group by ${sql.raw(KEY)}
      )
      select w.*, b.bursts, b.interval_mean, b.interval_sd
      from w join bursts b using (project, tool, provider, model, surface, plan)
      order by w.list_cost_usd::numeric desc, w.requests desc, w.project, w.tool, w.model
      limit ${limit}`,
  );
  return rows.map(workloadStatsOf);
}

/** A row of either query as WorkloadStats. */
export function workloadStatsOf(r: Row): WorkloadStats {
  return {
    project: orNull(r.project),
    tool: orNull(r.tool),
    provider: String(r.provider),
    model: String(r.model),
    surface: r.surface === "plan" ? "plan" : "api",
    plan: orNull(r.plan),
    requests: Number(r.requests),
    costUsd: String(r.cost_usd),
    listCostUsd: String(r.list_cost_usd),
    customerCalls: Number(r.customer_calls),
    users: Number(r.users),
    userNames: (r.user_names as string[] | null) ?? [],
    offHoursCalls: Number(r.off_hours),
    nightCalls: Number(r.night),
    weekendCalls: Number(r.weekend),
    shortGaps: Number(r.short_gaps),
    pauses: Number(r.pauses),
    gapMean: num(r.gap_mean),
    gapSd: num(r.gap_sd),
    bursts: Number(r.bursts),
    burstIntervalMean: num(r.interval_mean),
    burstIntervalSd: num(r.interval_sd),
    inputTokensMean: num(r.input_mean) ?? 0,
    inputTokensSd: num(r.input_sd) ?? 0,
    dailyTotals: Number(r.daily_totals),
  };
}

const orNull = (v: unknown) => (v === "" || v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
