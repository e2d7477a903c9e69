import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";

export type GatewaySource = "litellm" | "helicone" | "openmeter";

type MappedEvent = Record<string, unknown> & { tags?: Record<string, string> };

/**
 * Flags calls that already arrived through another gateway (specs/gateway-callbacks.md §6.8): a LiteLLM proxy running
 * both its `generic_api` and `openmeter` callbacks under two keys, or Helicone behind LiteLLM, delivers the same
 * provider call with different event ids. The first arrival of each provider response id claims it in
 * `gateway_response_ids` (the primary key arbitrates: a second gateway's insert waits for the first to commit, then
 * conflicts); a later arrival from another gateway gets `tags.duplicate_of` = the first one's event id and is noted on
 * that row (listed on Settings → Connect). Both are stored and counted — Burnrate cannot know which path the operator
 * meant to keep — but the flag names the pair. The same gateway again (a replay, a LiteLLM cache hit) is not flagged.
 * Mutates `events`' tags in place; returns how many were flagged.
 */
export async function flagCrossPath(ctx: Ctx, source: GatewaySource, events: readonly MappedEvent[]): Promise<number> {
  const byResponse = new Map<string, MappedEvent>();
  for (const e of events) {
    const responseId = e.tags?.response_id;
    if (responseId && typeof e.id === "string" && !byResponse.has(responseId)) byResponse.set(responseId, e);
  }
  if (byResponse.size === 0) return 0;
  // Sorted, so two batches sharing ids take their row locks in the same order.
  const incoming = JSON.stringify([...byResponse.keys()].sort().map((r) => ({ r, e: byResponse.get(r)?.id })));
  const firsts = await queryRows<{ response_id: string; event_id: string; source: string }>(
    ctx.db,
    sql`
      insert into gateway_response_ids as g (response_id, source, event_id)
      select r, ${source}, e from jsonb_to_recordset(${incoming}::jsonb) as i(r text, e text)
      on conflict (response_id) do update
        set duplicate_source = excluded.source, duplicate_event_id = excluded.event_id, duplicate_at = now()
        where g.source <> excluded.source
      returning g.response_id, g.event_id, g.source`,
  );
  let flagged = 0;
  for (const { response_id, event_id, source: first } of firsts) {
    const e = byResponse.get(response_id);
    if (!e || first === source) continue;
    e.tags = { ...e.tags, duplicate_of: event_id };
    flagged += 1;
  }
  return flagged;
}

export interface CrossPathSummary {
  calls: number;
  latest: { responseId: string; source: string; eventId: string; duplicateOf: string; firstSource: string; seenAt: Date }[];
}

/** The calls flagged in the last `days` days (Settings → Connect), newest first. */
export async function crossPathSummary(ctx: Ctx, days = 30, limit = 10): Promise<CrossPathSummary> {
  const since = sql`now() - make_interval(days => ${days})`;
  const [count] = await queryRows<{ calls: number }>(
    ctx.db,
    sql`select count(*)::int as calls from gateway_response_ids where duplicate_at >= ${since}`,
  );
  const latest = await queryRows<{
    response_id: string;
    source: string;
    event_id: string;
    duplicate_of: string;
    first_source: string;
    seen_at: Date | string;
  }>(
    ctx.db,
    sql`select response_id, duplicate_source as source, duplicate_event_id as event_id, event_id as duplicate_of,
          source as first_source, duplicate_at as seen_at
        from gateway_response_ids where duplicate_at >= ${since} order by duplicate_at desc limit ${limit}`,
  );
  return {
    calls: count?.calls ?? 0,
    latest: latest.map((r) => ({
      responseId: r.response_id,
      source: r.source,
      eventId: r.event_id,
      duplicateOf: r.duplicate_of,
      firstSource: r.first_source,
      seenAt: new Date(r.seen_at),
    })),
  };
}
