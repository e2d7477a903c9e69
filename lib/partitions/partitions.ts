import "server-only";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import { env } from "@/lib/env";

// `events` is partitioned by month on "timestamp" (migration 0025): one partition per UTC month, `events_YYYY_MM`,
// holding [month start, next month start), and `events_default` for any month without one, so no event is ever
// refused for its date. The job runner creates partitions ahead and gives a month that reached the default
// partition its own (lib/partitions/maintain.ts), and drops whole months past the retention period
// (lib/partitions/retention.ts).

/** How many months after the current one have a partition before any event can arrive for them. */
export const MONTHS_AHEAD = 2;

export const DEFAULT_PARTITION = "events_default";

/** `2026-11-01` → `events_2026_11`. */
export function partitionName(month: string): string {
  if (!/^\d{4}-\d{2}-01$/.test(month)) throw new Error(`not a month start: ${month}`);
  return `events_${month.slice(0, 4)}_${month.slice(5, 7)}`;
}

/** The first day of the UTC month `n` months after `day`'s (YYYY-MM-DD). */
export function monthStart(day: string | Date, n = 0): string {
  const d = typeof day === "string" ? new Date(`${day.slice(0, 10)}T00:00:00Z`) : day;
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  return m.toISOString().slice(0, 10);
}

export interface EventPartition {
  name: string;
  /** The month it holds (YYYY-MM-01); null for the default partition. */
  month: string | null;
}

/**
 * The table events are written to and read from once partitioned: `events` itself, or `events_p` while a table that
 * had data is being converted (lib/partitions/convert.ts); null when neither is partitioned (never, after 0025).
 */
export async function partitionedTable(db: DbOrTx): Promise<"events" | "events_p" | null> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname in ('events', 'events_p') and c.relkind = 'p'`,
  );
  const names = rows.map((r) => r.name);
  return names.includes("events_p") ? "events_p" : names.includes("events") ? "events" : null;
}

/** The partitions of `parent`, months in order, the default partition last (their names say their months). */
export async function listEventPartitions(db: DbOrTx, parent = "events"): Promise<EventPartition[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = p.relnamespace
      where n.nspname = current_schema() and p.relname = ${parent}`,
  );
  return rows
    .map((r) => {
      const m = /^events_(\d{4})_(\d{2})$/.exec(r.name);
      return { name: r.name, month: m ? `${m[1]}-${m[2]}-01` : null };
    })
    .sort((a, b) => (a.month === null ? 1 : b.month === null ? -1 : a.month < b.month ? -1 : 1));
}

/** The partition bounds of `month` as SQL literals: UTC month start to the next one. */
export function monthBounds(month: string): { from: string; to: string } {
  return { from: `${month}T00:00:00Z`, to: `${monthStart(month, 1)}T00:00:00Z` };
}

/**
 * The retention period's first month (YYYY-MM-01): with `BURNRATE_RETENTION_MONTHS` = N, the current UTC month and the
 * N months before it are kept, and every month before `monthStart(now, -N)` is expired — its raw events are dropped
 * by the job runner (lib/partitions/retention.ts), and nothing that needs them (ingest, tool syncs, the fold,
 * repricing, per-event exports) touches it again. Null (unset): keep everything.
 */
export function retentionKeepFrom(now = new Date(), months = env().BURNRATE_RETENTION_MONTHS): string | null {
  return months === undefined ? null : monthStart(now, -months);
}
