import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { events } from "@/db/schema";
import { monthRange } from "@/lib/dates/months";
import type { AdjustmentSource } from "./plan";

// A reprice (lib/prices/reprice.ts) changes events in place and keeps, for a closed month's events, a record of each
// change (`event_reprices`). These relations give the export what the close froze and what changed since.

const COSTS = ["cost_usd", "list_cost_usd", "cost_source"];
const TOKENS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens"];
const NAMES = Object.values(getTableColumns(events)).map((c) => c.name);
const OTHER = NAMES.filter((n) => !COSTS.includes(n))
  .map((n) => `e."${n}"`)
  .join(", ");
const OTHER_NO_TOKENS = NAMES.filter((n) => !COSTS.includes(n))
  .map((n) => (TOKENS.includes(n) ? `0 as "${n}"` : `e."${n}"`))
  .join(", ");

const iso = (d: Date) => d.toISOString();

/** Each event of [start, end) changed after `after`: its values before the first such change. */
function firstChangeAfter(start: Date, end: Date, after: Date): SQL {
  return sql`select distinct on (event_id) event_id, old_cost_usd, old_list_cost_usd, old_cost_source
    from event_reprices
    where event_timestamp >= ${iso(start)}::timestamptz and event_timestamp < ${iso(end)}::timestamptz
      and repriced_at > ${iso(after)}::timestamptz
    order by event_id, repriced_at`;
}

/**
 * The events (all columns) with the costs they had at `asOf`, for reading the events of [start, end) as a close or an
 * adjustment window froze them; plain `events` when `asOf` is null (nothing is frozen).
 */
export function eventsAsOf(start: Date, end: Date, asOf: Date | null): SQL {
  if (!asOf) return sql`events`;
  return sql`(select ${sql.raw(OTHER)}, coalesce(f.old_cost_usd, e.cost_usd) as cost_usd,
      coalesce(f.old_list_cost_usd, e.list_cost_usd) as list_cost_usd, coalesce(f.old_cost_source, e.cost_source) as cost_source
    from events e left join (${firstChangeAfter(start, end, asOf)}) f on f.event_id = e.id)`;
}

/**
 * For rows read from a rollup (which follows the events): each event of [start, end) received by `closedAt` and
 * repriced after it, twice: as it is now (`sgn` -1) and as the close saw it (`sgn` 1). Adding `sgn` × each measure
 * turns the rollup's rows back into the closed month's.
 */
export function repricedSinceClose(start: Date, end: Date, closedAt: Date): SQL {
  return sql`(select ${sql.raw(OTHER)}, v.sgn, v.cost_usd, v.list_cost_usd, v.cost_source
    from events e join (${firstChangeAfter(start, end, closedAt)}) f on f.event_id = e.id
    cross join lateral (values (-1, e.cost_usd, e.list_cost_usd, e.cost_source),
      (1, f.old_cost_usd, f.old_list_cost_usd, f.old_cost_source)) v(sgn, cost_usd, list_cost_usd, cost_source)
    where e.received_at <= ${iso(closedAt)}::timestamptz)`;
}

/**
 * A closed month's price changes that belong to an adjustment window: one row per change made in the window to an
 * event an earlier export already held (received by the window's start), with no tokens and the change in cost
 * (after − before), under the event's new cost source.
 */
export function repriceAdjustments(a: AdjustmentSource): SQL {
  const { start, end } = monthRange(a.month);
  return sql`(select ${sql.raw(OTHER_NO_TOKENS)}, r.new_cost_usd - r.old_cost_usd as cost_usd,
      r.new_list_cost_usd - r.old_list_cost_usd as list_cost_usd, r.new_cost_source as cost_source
    from event_reprices r join events e on e.id = r.event_id
    where r.event_timestamp >= ${iso(start)}::timestamptz and r.event_timestamp < ${iso(end)}::timestamptz
      and r.repriced_at > ${iso(a.after)}::timestamptz ${a.upTo ? sql`and r.repriced_at <= ${iso(a.upTo)}::timestamptz` : sql``}
      and e.received_at <= ${iso(a.after)}::timestamptz)`;
}
