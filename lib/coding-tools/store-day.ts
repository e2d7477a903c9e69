import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { CodingToolSource } from "@/db/schema";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { ROLLUPS } from "@/lib/dimensions/rollups";
import { AGGREGATE_SOURCE_COLUMNS, subtractCtes } from "@/lib/ingest/aggregates-sql";
import { insertEvents, type StoredEvent, toStoredEvent } from "@/lib/ingest/ingest-events";
import { parseEvent } from "@/lib/ingest/schemas";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { ProviderError } from "@/lib/providers/fetch-report";
import type { ToolDay, ToolUsage } from "./types";

const DAY_MS = 86_400_000;

export interface StoredDay {
  events: number;
  activity: number;
  charges: number;
  /**
   * The day lies in a closed month and was synced before (left as the close froze it), or before the retention
   * period (its raw events are gone: adding them again would count the day twice in its rollups).
   */
  kept: boolean;
}

/** The event id of a usage line: the source, the day and a digest of the line's key (stable across syncs). */
export function toolEventId(source: CodingToolSource, day: string, key: string): string {
  return `sync:${source}:${day}:${createHash("sha256").update(key).digest("base64url").slice(0, 22)}`;
}

/** A usage line as a stored event, validated by the ingest API's own rules (a line that breaks one fails the run). */
export function toolEvent(source: CodingToolSource, day: string, u: ToolUsage, now: Date): StoredEvent {
  const raw = {
    id: toolEventId(source, day, u.key),
    timestamp: u.timestamp.toISOString(),
    provider: u.provider,
    model: u.model,
    surface: u.surface,
    ...(u.plan ? { plan: u.plan } : {}),
    ...(u.user ? { user: u.user } : {}),
    tool: source,
    agent: source,
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_read_tokens: u.cache_read_tokens,
    cache_write_tokens: u.cache_write_tokens,
    cost_usd: u.cost_usd,
    status: u.status,
    ...(u.tags ? { tags: u.tags } : {}),
  };
  const parsed = parseEvent(raw, now);
  if (!parsed.ok) {
    const e = parsed.errors[0];
    throw new ProviderError(
      `${source} ${day}: a usage line (${u.user ?? "no user"}, ${u.model}) is not storable: ${e?.path}: ${e?.message}`,
    );
  }
  return { ...toStoredEvent(parsed.event, []), cost_source: "reported", sync_source: source };
}

/**
 * Replaces everything a source reported for a day, in one transaction: its events (taken back out of every daily
 * rollup, then the new ones added, as ingest adds them), its activity rows and its charges. Re-syncing a day
 * converges on what the vendor says now and re-syncing it twice changes nothing; other sources' events are never
 * touched. A day of a closed month that was synced before is kept as it is (the close froze it); one never synced
 * is added, and its events become the next open month's adjustments like any late event. A day before the retention
 * period is never touched: its raw events are gone, so "synced before" cannot be told and its rollups stay as they are.
 */
export async function replaceToolDay(ctx: Ctx, source: CodingToolSource, day: ToolDay, now: Date): Promise<StoredDay> {
  const keepFrom = retentionKeepFrom(now);
  if (keepFrom !== null && day.day < keepFrom) return { events: 0, activity: 0, charges: 0, kept: true };
  const start = new Date(`${day.day}T00:00:00Z`);
  const end = new Date(start.getTime() + DAY_MS);
  const rows = day.usage.map((u) => toolEvent(source, day.day, u, now));
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.has(r.id)) throw new ProviderError(`${source} ${day.day}: two usage lines share the key of ${r.id}`);
    ids.add(r.id);
  }
  return withTransaction(ctx, async (ctx) => {
    const [state] = await queryRows<{ closed: boolean; synced: boolean }>(
      ctx.db,
      sql`select exists (select 1 from month_closes where month = ${day.day.slice(0, 7)}) as closed,
        exists (select 1 from events where sync_source = ${source} and "timestamp" >= ${start.toISOString()}::timestamptz
          and "timestamp" < ${end.toISOString()}::timestamptz) as synced`,
    );
    if (state?.closed && state.synced) return { events: 0, activity: 0, charges: 0, kept: true };
    if (state?.synced) {
      const deleted = await queryRows<{ id: string }>(
        ctx.db,
        sql`with del as (
          delete from events where sync_source = ${source} and "timestamp" >= ${start.toISOString()}::timestamptz
            and "timestamp" < ${end.toISOString()}::timestamptz
          returning id, ${sql.raw(AGGREGATE_SOURCE_COLUMNS)}
        ), ${sql.raw(subtractCtes("del"))}
        select id from del`,
      );
      // Their ids are free again, in a statement of its own: its snapshot sees an id committed while the delete waited.
      await ctx.db.execute(
        sql`delete from event_ids where id in (select jsonb_array_elements_text(${JSON.stringify(deleted.map((r) => r.id))}::jsonb))`,
      );
      // A group no event counts in any more (every event is one request) goes, so no zero row is left to list.
      for (const r of ROLLUPS)
        await ctx.db.execute(sql`delete from ${sql.identifier(r.table)} where day = ${day.day}::date and requests = 0`);
    }
    const inserted = rows.length > 0 ? await insertEvents(ctx.db, rows) : 0;
    if (inserted < rows.length) {
      throw new ProviderError(
        `${source} ${day.day}: ${rows.length - inserted} usage lines collide with events already stored under their ids`,
      );
    }
    await ctx.db.execute(sql`delete from tool_activity where source = ${source} and day = ${day.day}`);
    if (day.activity.length > 0) {
      const json = JSON.stringify(
        day.activity.map((a) => [
          a.identity,
          a.sessions ?? 0,
          a.linesAdded ?? 0,
          a.linesRemoved ?? 0,
          a.commits ?? 0,
          a.pullRequests ?? 0,
          a.accepted ?? 0,
          a.rejected ?? 0,
          a.requests ?? 0,
          a.details ?? {},
        ]),
      );
      await ctx.db.execute(sql`insert into tool_activity (source, day, identity, sessions, lines_added, lines_removed, commits,
          pull_requests, accepted, rejected, requests, details)
        select ${source}, ${day.day}::date, r->>0, sum((r->>1)::bigint), sum((r->>2)::bigint), sum((r->>3)::bigint),
          sum((r->>4)::bigint), sum((r->>5)::bigint), sum((r->>6)::bigint), sum((r->>7)::bigint), sum((r->>8)::bigint),
          jsonb_agg(r->9) -> 0
        from jsonb_array_elements(${json}::jsonb) as r group by r->>0`);
    }
    await ctx.db.execute(sql`delete from provider_costs where provider = ${source} and day = ${day.day}`);
    if (day.charges.length > 0) {
      const json = JSON.stringify(day.charges.map((c) => [c.lineItem, c.project, c.apiKey, c.model, c.costUsd]));
      await ctx.db.execute(sql`insert into provider_costs (provider, day, line_item, project, api_key, model, cost_usd)
        select ${source}, ${day.day}::date, r->>0, r->>1, r->>2, min(r->>3), sum((r->>4)::numeric)
        from jsonb_array_elements(${json}::jsonb) as r group by r->>0, r->>1, r->>2`);
    }
    return { events: inserted, activity: day.activity.length, charges: day.charges.length, kept: false };
  });
}
