import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";

export type GatewaySource = "litellm" | "helicone" | "openmeter";

type MappedEvent = Record<string, unknown> & { tags?: Record<string, string> };

export interface CrossPathFlag {
  eventId: string;
  /** The event id of the same provider call's first arrival, through another gateway. */
  duplicateOf: string;
}

/**
 * Claims each call's provider response id (`tags.response_id`) for `source` (specs/gateway-callbacks.md §6.8): a
 * LiteLLM proxy running both its `generic_api` and `openmeter` callbacks under two keys, or Helicone behind LiteLLM,
 * delivers the same provider call with different event ids. The first arrival of each response id claims it in
 * `gateway_response_ids` (the primary key arbitrates: a second gateway's insert waits for the first to commit, then
 * conflicts); a later arrival from another gateway is noted on that row and returned with the first one's event id.
 * The same gateway again (a replay, a LiteLLM cache hit) is not a flag.
 */
export async function claimResponseIds(ctx: Ctx, source: GatewaySource, events: readonly MappedEvent[]): Promise<CrossPathFlag[]> {
  const byResponse = new Map<string, string>();
  for (const e of events) {
    const responseId = e.tags?.response_id;
    if (responseId && typeof e.id === "string" && !byResponse.has(responseId)) byResponse.set(responseId, e.id);
  }
  if (byResponse.size === 0) return [];
  // Sorted, so two batches sharing ids take their row locks in the same order.
  const incoming = JSON.stringify([...byResponse.keys()].sort().map((r) => ({ r, e: byResponse.get(r) })));
  const firsts = await queryRows<{ response_id: string; event_id: string }>(
    ctx.db,
    sql`
      with claimed as (
        insert into gateway_response_ids as g (response_id, source, event_id)
        select r, ${source}, e from jsonb_to_recordset(${incoming}::jsonb) as i(r text, e text)
        on conflict (response_id) do update
          set duplicate_source = excluded.source, duplicate_event_id = excluded.event_id, duplicate_at = now()
          where g.source <> excluded.source
        returning g.response_id, g.event_id, g.source
      )
      select response_id, event_id from claimed where source <> ${source}`,
  );
  return firsts.map((f) => ({ eventId: byResponse.get(f.response_id) as string, duplicateOf: f.event_id }));
}

/**
 * Ingests a gateway's events (`ingest`) while their response ids are claimed on another connection, then sets
 * `tags.duplicate_of` on the calls that arrived through another gateway first. Both copies stay stored and counted —
 * Burnrate cannot know which path the operator meant to keep — but the flag names the pair, and Settings → Connect
 * lists them. Tags are in no rollup, so the flag moves no total. Returns ingest's result.
 */
export async function ingestFlaggingCrossPath<T>(
  ctx: Ctx,
  source: GatewaySource,
  events: readonly MappedEvent[],
  ingest: () => Promise<T>,
): Promise<T> {
  const [flags, result] = await Promise.all([claimResponseIds(ctx, source, events), ingest()]);
  if (flags.length > 0) {
    await ctx.db.execute(sql`
      update events e set tags = coalesce(e.tags, '{}'::jsonb) || jsonb_build_object('duplicate_of', f.d)
      from jsonb_to_recordset(${JSON.stringify(flags.map((f) => ({ id: f.eventId, d: f.duplicateOf })))}::jsonb) as f(id text, d text)
      where e.id = f.id`);
  }
  return result;
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
