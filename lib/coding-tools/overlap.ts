import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { USER_PEOPLE } from "@/lib/people/resolve";
import type { ToolUsage } from "./types";

/**
 * Claude Code reports the same sessions twice when a laptop also exports OpenTelemetry: its `api_request` events
 * (each call, with session and repo) and the Analytics API's day per actor. The richer one wins: for a day, an actor
 * whose OpenTelemetry Claude Code events exist — by the same user value, or by the same person once people are linked
 * — keeps those, and the Analytics usage lines of that actor and day are left out (its activity rows stay: OpenTelemetry
 * events carry no lines, commits or PRs). Returns the lines to store and how many were left out.
 */
export async function withoutOtelOverlap(ctx: Ctx, day: string, usage: ToolUsage[]): Promise<{ usage: ToolUsage[]; skipped: number }> {
  if (usage.length === 0) return { usage, skipped: 0 };
  const seen = await queryRows<{ user: string; person_id: string | null }>(
    ctx.db,
    sql`select distinct lower(e."user") as "user", up.person_id::text
      from events e left join ${USER_PEOPLE} up on up.match = lower(e."user")
      where e."timestamp" >= ${`${day}T00:00:00Z`}::timestamptz and e."timestamp" < ${`${day}T00:00:00Z`}::timestamptz + interval '1 day'
        and e.agent = 'claude-code' and e.sync_source is null and e."user" is not null`,
  );
  if (seen.length === 0) return { usage, skipped: 0 };
  const users = new Set(seen.map((s) => s.user));
  const people = new Set(seen.flatMap((s) => (s.person_id ? [s.person_id] : [])));
  const actors = [...new Set(usage.flatMap((u) => (u.user ? [u.user.toLowerCase()] : [])))];
  const actorPeople = new Map(
    (
      await queryRows<{ value: string; person_id: string }>(
        ctx.db,
        sql`select x.value, up.person_id::text from jsonb_array_elements_text(${JSON.stringify(actors)}::jsonb) as x(value)
          join ${USER_PEOPLE} up on up.match = x.value`,
      )
    ).map((r) => [r.value, r.person_id]),
  );
  const covered = (u: ToolUsage) => {
    const actor = u.user?.toLowerCase();
    if (!actor) return false;
    const person = actorPeople.get(actor);
    return users.has(actor) || (person !== undefined && people.has(person));
  };
  const kept = usage.filter((u) => !covered(u));
  return { usage: kept, skipped: usage.length - kept.length };
}
