import "server-only";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { isoWeekOf, weekRange } from "@/lib/dates/weeks";
import { rollupFor } from "@/lib/dimensions/rollups";
import { usdString } from "@/lib/money";
import { getPriceOverrides, normalizeModelId, type PriceOverrideCard, priceEvent } from "@/lib/pricing";

/**
 * Per-token prices of a model on a day, read from the price cards (settings overrides, else genai-prices) by pricing
 * a 10,000-token unit of each kind: small enough to stay below long-context tiers, large enough to be exact at 10
 * decimals. Null when the model has no price.
 */
interface UnitPrices {
  input: Big;
  output: Big;
  cacheRead: Big;
  cacheWrite: Big;
}

const UNIT = 10_000;

function unitPrices(provider: string, model: string, day: Date, overrides: readonly PriceOverrideCard[]): UnitPrices | null {
  const price = (input: number, output: number, cacheRead: number, cacheWrite: number) =>
    priceEvent(
      {
        provider,
        model,
        timestamp: day,
        tokens: { inputTokens: input, outputTokens: output, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, reasoningTokens: 0 },
      },
      overrides,
    );
  const [input, output, cacheRead, cacheWrite] = [
    price(UNIT, 0, 0, 0),
    price(0, UNIT, 0, 0),
    price(UNIT, 0, UNIT, 0),
    price(UNIT, 0, 0, UNIT),
  ];
  if (!input || !output || !cacheRead || !cacheWrite) return null;
  const per = (r: { costUsd: string }) => new Big(r.costUsd).div(UNIT);
  return { input: per(input), output: per(output), cacheRead: per(cacheRead), cacheWrite: per(cacheWrite) };
}

export interface CacheRow {
  feature: string | null;
  workflow: string | null;
  requests: number;
  inputTokens: number;
  cacheReadTokens: number;
  /** Cache reads ÷ input tokens. */
  hitRate: number;
  /** What the cache reads saved against paying full input price for them. */
  savedUsd: string;
  /** Cache writes in sessions that never read from cache, and the premium paid for them over plain input. */
  unreadWriteTokens: number;
  wasteUsd: string;
  /** Models with cache traffic that no price card knows (left out of the dollars). */
  unpricedModels: string[];
}

type UnreadRow = Record<string, string | number | null>;

/**
 * Cache writes in the week's sessions that never read from cache, by feature, workflow and model: computed from the
 * events (`raw`), or as the fold stored them for the week.
 */
function unreadWrites(db: DbOrTx, range: { start: Date; end: Date }, from: "raw" | "stored"): Promise<UnreadRow[]> {
  if (from === "stored")
    return queryRows<UnreadRow>(
      db,
      sql`select feature, workflow, provider, model, unread_write_tokens as unread_writes
        from review_week_unread_writes where week = ${isoWeekOf(range.start)}`,
    );
  const inRange = sql`"timestamp" >= ${range.start.toISOString()}::timestamptz and "timestamp" < ${range.end.toISOString()}::timestamptz`;
  return queryRows<UnreadRow>(
    db,
    sql`select feature, workflow, provider, model, sum(cache_write_tokens)::bigint as unread_writes
      from events
      where ${inRange} and cache_write_tokens > 0 and session in (
        select session from events where ${inRange} and session is not null
        group by session having sum(cache_read_tokens) = 0 and sum(cache_write_tokens) > 0)
      group by feature, workflow, provider, model`,
  );
}

/** Recomputes one week's stored unread cache writes from its events (inside the fold's transaction). */
export async function foldUnreadWrites(tx: DbOrTx, week: string): Promise<void> {
  const range = weekRange(week);
  const rows = await unreadWrites(tx, range, "raw");
  await tx.execute(sql`delete from review_week_unread_writes where week = ${week}`);
  if (rows.length === 0) return;
  await tx.execute(
    sql`insert into review_week_unread_writes (week, feature, workflow, provider, model, unread_write_tokens) values ${sql.join(
      rows.map((r) => sql`(${week}, ${r.feature}, ${r.workflow}, ${r.provider}, ${r.model}, ${Number(r.unread_writes)})`),
      sql`, `,
    )}`,
  );
}

/**
 * Cache economics of a week, by feature and workflow: hit rate, dollars saved by cache reads (reads × (input price −
 * cache-read price)) and cache writes that were never read (writes in sessions with no cache read × (cache-write
 * price − input price)). Prices are the model's price cards on the range's first day; events without a session are
 * not judged for waste (their reads cannot be tied to the writes).
 */
export async function getCacheEconomics(
  ctx: Ctx,
  range: { firstDay: string; lastDay: string; start: Date; end: Date },
  opts: { raw?: boolean } = {},
): Promise<CacheRow[]> {
  assertCan(ctx.actor, "dashboards:read");
  const [usage, unread, overrides] = await Promise.all([
    queryRows<Record<string, string | number | null>>(
      ctx.db,
      sql`select feature, workflow, provider, model, sum(requests)::bigint as requests, sum(input_tokens)::bigint as input,
          sum(cache_read_tokens)::bigint as cache_read
        from ${sql.identifier(rollupFor(["feature", "workflow", "provider", "model"]))} where day between ${range.firstDay}::date and ${range.lastDay}::date
        group by feature, workflow, provider, model`,
    ),
    unreadWrites(ctx.db, range, opts.raw ? "raw" : "stored"),
    getPriceOverrides(ctx),
  ]);
  const key = (r: Record<string, unknown>) => `${r.feature ?? ""}\u0000${r.workflow ?? ""}`;
  const groups = new Map<string, CacheRow & { saved: Big; waste: Big; input: number; read: number }>();
  const group = (r: Record<string, string | number | null>) => {
    let g = groups.get(key(r));
    if (!g) {
      g = {
        feature: r.feature === null ? null : String(r.feature),
        workflow: r.workflow === null ? null : String(r.workflow),
        requests: 0,
        inputTokens: 0,
        cacheReadTokens: 0,
        hitRate: 0,
        savedUsd: "",
        unreadWriteTokens: 0,
        wasteUsd: "",
        unpricedModels: [],
        saved: new Big(0),
        waste: new Big(0),
        input: 0,
        read: 0,
      };
      groups.set(key(r), g);
    }
    return g;
  };
  const prices = new Map<string, UnitPrices | null>();
  const priceOf = (provider: string, model: string) => {
    const k = `${provider}/${model}`;
    if (!prices.has(k)) prices.set(k, unitPrices(provider, model, range.start, overrides));
    return prices.get(k) ?? null;
  };
  const unpriced = (g: CacheRow, provider: string, model: string) => {
    if (!g.unpricedModels.includes(`${provider}/${model}`)) g.unpricedModels.push(`${provider}/${model}`);
  };
  for (const r of usage) {
    const g = group(r);
    const read = Number(r.cache_read);
    g.requests += Number(r.requests);
    g.input += Number(r.input);
    g.read += read;
    if (read === 0) continue;
    const p = priceOf(String(r.provider), String(r.model));
    if (p) g.saved = g.saved.plus(p.input.minus(p.cacheRead).times(read));
    else unpriced(g, String(r.provider), String(r.model));
  }
  for (const r of unread) {
    const g = group(r);
    const writes = Number(r.unread_writes);
    g.unreadWriteTokens += writes;
    const p = priceOf(String(r.provider), String(r.model));
    if (p) g.waste = g.waste.plus(p.cacheWrite.minus(p.input).times(writes));
    else unpriced(g, String(r.provider), String(r.model));
  }
  return [...groups.values()]
    .filter((g) => g.read > 0 || g.unreadWriteTokens > 0)
    .map(({ saved, waste, input, read, ...g }) => ({
      ...g,
      inputTokens: input,
      cacheReadTokens: read,
      hitRate: input > 0 ? read / input : 0,
      savedUsd: usdString(saved),
      wasteUsd: usdString(waste),
    }))
    .sort((a, b) => new Big(b.savedUsd).plus(b.wasteUsd).cmp(new Big(a.savedUsd).plus(a.wasteUsd)));
}

/** A premium model's cheaper sibling of the same provider, for calls whose small outputs may not need it. */
export const CHEAPER_SIBLING: Record<string, string> = {
  "gpt-5": "gpt-5-mini",
  "gpt-4.1": "gpt-4.1-mini",
  "gpt-4o": "gpt-4o-mini",
  o3: "o4-mini",
  "claude-opus-4-1": "claude-sonnet-4-5",
  "claude-opus-4": "claude-sonnet-4",
  "claude-sonnet-4-5": "claude-haiku-4-5",
  "gemini-2.5-pro": "gemini-2.5-flash",
};

/** Calls with outputs at most this long (on average) are the ones a smaller model often handles. */
export const SMALL_OUTPUT_TOKENS = 500;

export interface RightSizingHint {
  feature: string | null;
  provider: string;
  model: string;
  requests: number;
  avgOutputTokens: number;
  listCostUsd: string;
  alternative: string;
  alternativeCostUsd: string;
  savingUsd: string;
}

/**
 * Features whose calls have small outputs on a premium model: what the same tokens would have cost on the cheaper
 * sibling (its price cards on the range's first day). A hint, not a verdict: quality is for the team to judge.
 */
export async function getRightSizing(ctx: Ctx, range: { firstDay: string; lastDay: string; start: Date }): Promise<RightSizingHint[]> {
  assertCan(ctx.actor, "dashboards:read");
  const [rows, overrides] = await Promise.all([
    queryRows<Record<string, string | number | null>>(
      ctx.db,
      sql`select feature, provider, model, sum(requests)::bigint as requests, sum(input_tokens)::bigint as input,
          sum(output_tokens)::bigint as output, sum(cache_read_tokens)::bigint as cache_read, sum(cache_write_tokens)::bigint as cache_write,
          sum(list_cost_usd)::numeric(30, 10)::text as list_cost
        from ${sql.identifier(rollupFor(["feature", "provider", "model"]))} where day between ${range.firstDay}::date and ${range.lastDay}::date
        group by feature, provider, model
        having sum(output_tokens) <= ${SMALL_OUTPUT_TOKENS} * sum(requests) and sum(list_cost_usd) > 0`,
    ),
    getPriceOverrides(ctx),
  ]);
  const hints: RightSizingHint[] = [];
  for (const r of rows) {
    const alternative = CHEAPER_SIBLING[normalizeModelId(String(r.model))];
    if (!alternative) continue;
    const p = unitPrices(String(r.provider), alternative, range.start, overrides);
    if (!p) continue;
    const [input, output, read, write] = [Number(r.input), Number(r.output), Number(r.cache_read), Number(r.cache_write)];
    const alt = p.input
      .times(input - read - write)
      .plus(p.cacheRead.times(read))
      .plus(p.cacheWrite.times(write))
      .plus(p.output.times(output))
      .round(10, Big.roundHalfUp);
    const saving = new Big(String(r.list_cost)).minus(alt);
    if (saving.lte(0)) continue;
    hints.push({
      feature: r.feature === null ? null : String(r.feature),
      provider: String(r.provider),
      model: String(r.model),
      requests: Number(r.requests),
      avgOutputTokens: Math.round(output / Number(r.requests)),
      listCostUsd: String(r.list_cost),
      alternative,
      alternativeCostUsd: usdString(alt),
      savingUsd: usdString(saving),
    });
  }
  return hints.sort((a, b) => new Big(b.savingUsd).cmp(a.savingUsd));
}
