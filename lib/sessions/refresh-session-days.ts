import "server-only";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db/client";

/**
 * Brings `session_daily` up to date for the closed days in [from, to] (days before `today`): a day is recomputed
 * when its event count in the rollup differs from the count it was computed at. Each day is recomputed in one
 * repeatable-read transaction, so the sessions and the recorded count come from the same snapshot; events that
 * land meanwhile move the count again and the day is redone on a later read. Returns the days recomputed.
 */
export async function refreshSessionDays(db: DbOrTx, from: string, to: string): Promise<string[]> {
  if (from > to) return [];
  const stale = await queryRows<{ day: string }>(
    db,
    sql`select r.day::text as day
        from (select day, sum(requests) as n from event_rollup_daily where day between ${from}::date and ${to}::date group by day) r
        left join session_daily_days s on s.day = r.day
        where s.requests is distinct from r.n
        order by r.day`,
  );
  for (const { day } of stale) {
    await db.transaction(
      async (tx) => {
        await tx.execute(sql`delete from session_daily where day = ${day}::date`);
        await tx.execute(sql`
          insert into session_daily (day, session, requests, cost_usd, list_cost_usd, first_at, last_at, "user", agent, repo)
          select ${day}::date, session, count(*), sum(cost_usd), sum(list_cost_usd), min("timestamp"), max("timestamp"),
            min("user"), min(agent), min(repo)
          from events
          where session is not null and "timestamp" >= ${day}::timestamp at time zone 'UTC'
            and "timestamp" < (${day}::date + 1)::timestamp at time zone 'UTC'
          group by session`);
        await tx.execute(sql`
          insert into session_daily_days (day, requests)
          select ${day}::date, coalesce(sum(requests), 0) from event_rollup_daily where day = ${day}::date
          on conflict (day) do update set requests = excluded.requests, refreshed_at = now()`);
      },
      { isolationLevel: "repeatable read" },
    );
  }
  return stale.map((s) => s.day);
}
