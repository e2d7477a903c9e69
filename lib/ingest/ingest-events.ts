import "server-only";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import { withConflictRetry } from "@/db/errors";
import type { Ctx } from "@/lib/auth/actor";
import { STORED_DIMENSIONS, sqlColumn, sqlType } from "@/lib/dimensions/registry";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { getPriceOverrides, type PriceInput, type PriceOverrideCard, priceEvent } from "@/lib/pricing";
import { AGGREGATE_SOURCE_COLUMNS, aggregateCtes } from "./aggregates-sql";
import { type EventError, type EventInput, parseEvent } from "./schemas";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id?: string; errors: EventError[] }[];
}

export type CostSource = "reported" | "computed" | "unpriced";

/** An event as stored: validated, priced, in the events table's column names. */
export interface StoredEvent extends Omit<EventInput, "cost_usd"> {
  cost_usd: string;
  list_cost_usd: string;
  cost_source: CostSource;
  /** The Burnrate API key that sent it (people can be linked to a key: lib/people). */
  api_key: string | null;
  /** The coding-tool source that synced it (lib/coding-tools); absent for everything sent to Burnrate. */
  sync_source?: string;
}

const ZERO = "0.0000000000";

/**
 * Validates, prices and stores a batch. Valid events are stored even when others are rejected; a repeated id
 * (in the batch or already stored) is a duplicate and the first write wins — also under concurrent batches,
 * since `on conflict do nothing` waits for the other transaction's insert to commit or roll back. An event of a month
 * before the retention period is rejected: that month's raw events are gone, and its rollups are final.
 */
export async function ingestEvents(ctx: Ctx, rawEvents: readonly unknown[], now = new Date()): Promise<IngestResult> {
  const rejected: IngestResult["rejected"] = [];
  const byId = new Map<string, EventInput>();
  let duplicates = 0;
  const keepFrom = retentionKeepFrom(now);
  rawEvents.forEach((raw, index) => {
    const result = parseEvent(raw, now, keepFrom);
    if (!result.ok) {
      const id = (raw as { id?: unknown } | null)?.id;
      rejected.push({ index, ...(typeof id === "string" ? { id } : {}), errors: result.errors });
    } else if (byId.has(result.event.id)) {
      duplicates++;
    } else {
      byId.set(result.event.id, result.event);
    }
  });
  if (byId.size === 0) return { accepted: 0, duplicates, rejected };

  const overrides = await getPriceOverrides(ctx);
  const apiKey = ctx.actor.kind === "api_key" ? ctx.actor.keyId : null;
  // Sorted ids give every transaction the same lock order, so concurrent overlapping batches cannot deadlock.
  const rows = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => toStoredEvent(e, overrides, apiKey));
  const inserted = await withConflictRetry(() => insertEvents(ctx.db, rows));
  return { accepted: inserted, duplicates: duplicates + rows.length - inserted, rejected };
}

export function toStoredEvent(e: EventInput, overrides: readonly PriceOverrideCard[], apiKey: string | null = null): StoredEvent {
  const cost =
    e.cost_usd !== undefined
      ? { list_cost_usd: e.cost_usd, cost_source: "reported" as const }
      : computedCost(
          {
            provider: e.provider,
            model: e.model,
            timestamp: new Date(e.timestamp),
            tokens: {
              inputTokens: e.input_tokens,
              outputTokens: e.output_tokens,
              cacheReadTokens: e.cache_read_tokens,
              cacheWriteTokens: e.cache_write_tokens,
              reasoningTokens: e.reasoning_tokens,
            },
          },
          overrides,
        );
  const { cost_usd: _reported, ...rest } = e;
  return { ...rest, ...cost, cost_usd: meteredCost(e.surface, cost.list_cost_usd), api_key: apiKey };
}

/** The list cost of an event Burnrate prices (not reported): `computed`, or `unpriced` at 0 when no price is known. */
export function computedCost(
  input: PriceInput,
  overrides: readonly PriceOverrideCard[],
): { list_cost_usd: string; cost_source: Exclude<CostSource, "reported"> } {
  const price = priceEvent(input, overrides);
  return price ? { list_cost_usd: price.costUsd, cost_source: "computed" } : { list_cost_usd: ZERO, cost_source: "unpriced" };
}

/** A plan is paid per seat, not per call: its events cost nothing metered; their list cost is the API equivalent. */
export const meteredCost = (surface: string | null | undefined, listCost: string) => (surface === "plan" ? ZERO : listCost);

/** The events' columns but the dimensions, with their SQL types; then every dimension (the registry's). */
const OWN_COLUMNS = [
  ["id", "text"],
  [`"timestamp"`, "timestamptz"],
  ["input_tokens", "integer"],
  ["output_tokens", "integer"],
  ["cache_read_tokens", "integer"],
  ["cache_write_tokens", "integer"],
  ["reasoning_tokens", "integer"],
  ["cost_usd", "numeric"],
  ["list_cost_usd", "numeric"],
  ["status", "text"],
  ["latency_ms", "integer"],
  ["tags", "jsonb"],
  ["sync_source", "text"],
] as const;
const TYPED_COLUMNS = [...OWN_COLUMNS, ...STORED_DIMENSIONS.map((d) => [sqlColumn(d), sqlType(d)] as const)];

const RECORD = sql.raw(`x(${TYPED_COLUMNS.map(([c, type]) => `${c} ${type}`).join(", ")})`);
const COLUMNS = sql.raw(TYPED_COLUMNS.map(([c]) => c).join(", "));

const AGGREGATES = sql.raw(aggregateCtes("ins"));

/**
 * One statement: claim the ids in `event_ids` (the idempotency key across the monthly partitions; an id claimed
 * before, in any month, is skipped), insert the events whose ids it claimed, and add exactly the inserted rows to every daily
 * rollup and to the per-session monthly totals, in one transaction, so none of them can ever disagree with the
 * events. The data-modifying CTEs that the final select does not read run one after another, each in key order,
 * so concurrent batches take their row locks in the same order. `received_at` is read once the statement holds its
 * lock on `events`, not at transaction start, so a month close (which locks the table) splits arrivals exactly.
 */
export async function insertEvents(db: DbOrTx, rows: StoredEvent[]): Promise<number> {
  const [result] = await queryRows<{ inserted: number | string }>(
    db,
    sql`with batch as materialized (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as ${RECORD}
    ), claimed as (
      insert into event_ids (id, month)
      select id, date_trunc('month', "timestamp" at time zone 'UTC')::date from batch
      on conflict (id) do nothing
      returning id
    ), ins as (
      insert into events (${COLUMNS}, received_at)
      select ${COLUMNS}, (select clock_timestamp()) from batch where id in (select id from claimed)
      on conflict do nothing
      returning ${sql.raw(AGGREGATE_SOURCE_COLUMNS)}
    ),
    ${AGGREGATES}
    select (select count(*) from ins)::int as inserted`,
  );
  return Number(result?.inserted ?? 0);
}
