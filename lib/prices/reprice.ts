import "server-only";
import Big from "big.js";
import { desc, eq, sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import { withConflictRetry } from "@/db/errors";
import { priceOverrides, type RepriceScopeSnapshot, type RepriceState, repriceJobs } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Ctx, systemContext, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { ROLLUPS, rollupFor } from "@/lib/dimensions/rollups";
import { AppError } from "@/lib/errors";
import { AGGREGATE_COLUMNS, changeCtes } from "@/lib/ingest/aggregates-sql";
import { computedCost, meteredCost } from "@/lib/ingest/ingest-events";
import { usdString } from "@/lib/money";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { loadPriceOverrides, type PriceOverrideCard } from "@/lib/pricing";
import { cardMatches } from "@/lib/pricing/override-price";
import { RepriceInput } from "./schemas";

/**
 * Repricing stored events under today's price cards, at each event's own timestamp. `reported` costs are never
 * touched; `computed` and `unpriced` events get the price `computedCost` gives them now (the one ingest would give).
 * A preview walks the events and sums what would change; a job walks them in batches, each one transaction that
 * updates the events, every daily rollup and the session totals together (`changeCtes`), keeps a record of each
 * changed event of a closed month (its export stays frozen, the difference is the next open month's adjustment),
 * and moves the job's cursor — so a job resumed on any instance after a crash neither skips nor repeats a batch.
 */

type Filter = Pick<RepriceInput, "provider" | "model">;

interface Pair {
  provider: string;
  model: string;
}

export interface RepriceScope extends RepriceScopeSnapshot {
  /** Events in scope (computed or unpriced), from the daily rollups: the job's `events_total`. */
  total: number;
  /** Override cards that match no stored event's model. */
  unmatched: { id: string; provider: string; model: string }[];
}

export interface RepricePreviewRow {
  provider: string;
  model: string;
  month: string;
  /** The month is closed: its difference goes to the next open month's export as an adjustment. */
  closed: boolean;
  events: number;
  cost_before_usd: string;
  cost_after_usd: string;
  list_cost_before_usd: string;
  list_cost_after_usd: string;
  unpriced_before: number;
  unpriced_after: number;
}

export interface RepricePreview {
  /** Events whose cost would change. */
  events: number;
  /** Events looked at (computed or unpriced, of the models in scope). */
  scanned: number;
  cost_before_usd: string;
  cost_after_usd: string;
  rows: RepricePreviewRow[];
  /** The (provider, model) pairs walked. */
  models: Pair[];
  unmatched_overrides: RepriceScope["unmatched"];
}

export interface RepriceJobView {
  id: string;
  state: RepriceState;
  events_done: number;
  events_total: number;
  events_changed: number;
  cost_before_usd: string;
  cost_after_usd: string;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
  error?: string;
}

/** A running job whose heartbeat is older than this is taken over by the next claim (its instance died). */
export const STALE_AFTER_SECONDS = 120;
const BATCH = 2000;
const PREVIEW_BATCH = 20_000;
const ZERO = new Big(0);

const pairsJson = (pairs: readonly Pair[]) => JSON.stringify(pairs);
const IN_PAIRS = (json: string) =>
  sql`(provider, model) in (select p.provider, p.model from jsonb_to_recordset(${json}::jsonb) as p(provider text, model text))`;

/** The models and days a reprice covers, from the daily rollups (never the events). */
export async function repriceScope(ctx: Ctx, filter: Filter, now = new Date()): Promise<RepriceScope> {
  const rollup = sql.identifier(rollupFor(["provider", "model", "cost_source"]));
  const models = await queryRows<Pair & { cost_source: string }>(
    ctx.db,
    sql`select provider, model, cost_source from ${rollup} group by 1, 2, 3 having sum(requests) > 0`,
  );
  const cards = await ctx.db
    .select({ id: priceOverrides.id, provider: priceOverrides.provider, model: priceOverrides.model })
    .from(priceOverrides);
  const explicit = filter.provider !== undefined || filter.model !== undefined;
  const deleted = explicit ? [] : await deletedSinceLastReprice(ctx);
  const unpriced = new Set(models.filter((m) => m.cost_source === "unpriced").map((m) => `${m.provider}\n${m.model}`));
  const matches = (c: Pair, m: Pair) => cardMatches(c.provider, c.model, m.provider, m.model);
  const seen = new Set<string>();
  const pairs: Pair[] = [];
  for (const m of models) {
    const key = `${m.provider}\n${m.model}`;
    if (m.cost_source === "reported" || seen.has(key)) continue;
    seen.add(key);
    const wanted = explicit
      ? (filter.provider === undefined || m.provider === filter.provider) &&
        (filter.model === undefined || cardMatches(m.provider, filter.model, m.provider, m.model))
      : unpriced.has(key) || cards.some((c) => matches(c, m)) || deleted.some((c) => matches(c, m));
    if (wanted) pairs.push({ provider: m.provider, model: m.model });
  }
  pairs.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  const unmatched = cards.filter((c) => !models.some((m) => matches(c, m)));
  if (pairs.length === 0) return { pairs, days: [], total: 0, unmatched };
  // Days before the retention period have no raw events left to reprice: their rollups stay as they are.
  const keepFrom = retentionKeepFrom(now);
  const days = await queryRows<{ day: string; requests: string | number }>(
    ctx.db,
    sql`select day::text as day, sum(requests)::bigint as requests from ${rollup}
      where cost_source <> 'reported' and ${IN_PAIRS(pairsJson(pairs))}${keepFrom ? sql` and day >= ${keepFrom}::date` : sql``}
      group by day having sum(requests) > 0 order by day`,
  );
  return { pairs, days: days.map((d) => d.day), total: days.reduce((n, d) => n + Number(d.requests), 0), unmatched };
}

/**
 * The first day `provider/model` (any provider when empty) has unpriced events, from the rollups: where a price for
 * it starts to cover them all.
 */
export async function firstUnpricedDay(ctx: Ctx, provider: string, model: string): Promise<string | null> {
  const rollup = sql.identifier(rollupFor(["provider", "model", "cost_source"]));
  const [row] = await queryRows<{ day: string | null }>(
    ctx.db,
    sql`select min(day)::text as day from ${rollup}
      where ${provider.trim() ? sql`provider = ${provider.trim().toLowerCase()} and` : sql``} model = ${model.trim().toLowerCase()}
        and cost_source = 'unpriced' and requests > 0`,
  );
  return row?.day ?? null;
}

/** Cards deleted since the last finished reprice of the default scope: their models' events may still carry them. */
async function deletedSinceLastReprice(ctx: Ctx): Promise<Pair[]> {
  const rows = await queryRows<{ target: string }>(
    ctx.db,
    sql`select target from audit_log where action = 'price.deleted'
      and at > coalesce((select max(finished_at) from reprice_jobs where state = 'done' and filter = '{}'::jsonb), '-infinity')`,
  );
  return rows.flatMap(({ target }) => {
    const slash = target.indexOf("/");
    return slash > 0 ? [{ provider: target.slice(0, slash), model: target.slice(slash + 1) }] : [];
  });
}

interface StoredCostRow {
  id: string;
  timestamp: Date | string;
  provider: string;
  model: string;
  surface: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: string;
  list_cost_usd: string;
  cost_source: string;
}

interface Change {
  row: StoredCostRow;
  cost_usd: string;
  list_cost_usd: string;
  cost_source: "computed" | "unpriced";
}

interface Cursor {
  timestamp: Date;
  id: string;
}

/** The event's cost under `cards`, or null when it would not change. */
function reprice(row: StoredCostRow, cards: readonly PriceOverrideCard[]): Change | null {
  const cost = computedCost(
    {
      provider: row.provider,
      model: row.model,
      timestamp: new Date(row.timestamp),
      tokens: {
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        cacheReadTokens: row.cache_read_tokens,
        cacheWriteTokens: row.cache_write_tokens,
        reasoningTokens: row.reasoning_tokens,
      },
    },
    cards,
  );
  const costUsd = meteredCost(row.surface, cost.list_cost_usd);
  const same =
    cost.cost_source === row.cost_source && new Big(cost.list_cost_usd).eq(row.list_cost_usd) && new Big(costUsd).eq(row.cost_usd);
  return same ? null : { row, cost_usd: costUsd, list_cost_usd: cost.list_cost_usd, cost_source: cost.cost_source };
}

/**
 * The next events in scope after `after`, in (timestamp, id) order, from one day: each day's range goes through the
 * timestamp index, and days without an event in scope are never read. `lock` takes the rows for update.
 */
async function nextEvents(
  db: DbOrTx,
  scope: RepriceScopeSnapshot,
  after: Cursor | null,
  limit: number,
  lock: boolean,
): Promise<StoredCostRow[]> {
  const json = pairsJson(scope.pairs);
  const fromDay = after ? after.timestamp.toISOString().slice(0, 10) : "";
  for (const day of scope.days) {
    if (day < fromDay) continue;
    const start = new Date(`${day}T00:00:00.000Z`);
    const end = new Date(start.getTime() + 86_400_000);
    const from = after && after.timestamp >= start ? after : null;
    const rows = await queryRows<StoredCostRow>(
      db,
      sql`select id, "timestamp", provider, model, surface, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
          reasoning_tokens, cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd, cost_source
        from events
        where "timestamp" >= ${(from?.timestamp ?? start).toISOString()}::timestamptz and "timestamp" < ${end.toISOString()}::timestamptz
          ${from ? sql`and ("timestamp", id) > (${from.timestamp.toISOString()}::timestamptz, ${from.id})` : sql``}
          and cost_source <> 'reported' and ${IN_PAIRS(json)}
        order by "timestamp", id
        limit ${limit}
        ${lock ? sql`for update` : sql``}`,
    );
    if (rows.length > 0) return rows;
  }
  return [];
}

const monthOf = (t: Date | string) => new Date(t).toISOString().slice(0, 7);

/** What a reprice would change, per provider, model and month; nothing is written. */
export async function previewReprice(ctx: Ctx, input: unknown): Promise<RepricePreview> {
  assertCan(ctx.actor, "prices:manage");
  const filter = RepriceInput.parse(input);
  const scope = await repriceScope(ctx, filter);
  const cards = await loadPriceOverrides(ctx);
  const closed = new Set((await queryRows<{ month: string }>(ctx.db, sql`select month from month_closes`)).map((r) => r.month));
  const groups = new Map<string, RepricePreviewRow & { before: Big; after: Big; listBefore: Big; listAfter: Big }>();
  let scanned = 0;
  let cursor: Cursor | null = null;
  for (;;) {
    const rows = await nextEvents(ctx.db, scope, cursor, PREVIEW_BATCH, false);
    if (rows.length === 0) break;
    scanned += rows.length;
    for (const row of rows) {
      const change = reprice(row, cards);
      if (!change) continue;
      const month = monthOf(row.timestamp);
      const key = `${row.provider}\n${row.model}\n${month}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          ...{
            provider: row.provider,
            model: row.model,
            month,
            closed: closed.has(month),
            events: 0,
            unpriced_before: 0,
            unpriced_after: 0,
          },
          ...{ cost_before_usd: "", cost_after_usd: "", list_cost_before_usd: "", list_cost_after_usd: "" },
          ...{ before: ZERO, after: ZERO, listBefore: ZERO, listAfter: ZERO },
        };
        groups.set(key, g);
      }
      g.events += 1;
      g.before = g.before.plus(row.cost_usd);
      g.after = g.after.plus(change.cost_usd);
      g.listBefore = g.listBefore.plus(row.list_cost_usd);
      g.listAfter = g.listAfter.plus(change.list_cost_usd);
      if (row.cost_source === "unpriced") g.unpriced_before += 1;
      if (change.cost_source === "unpriced") g.unpriced_after += 1;
    }
    const last = rows[rows.length - 1] as StoredCostRow;
    cursor = { timestamp: new Date(last.timestamp), id: last.id };
  }
  const rows = [...groups.values()]
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model) || a.month.localeCompare(b.month))
    .map(({ before, after, listBefore, listAfter, ...r }) => ({
      ...r,
      cost_before_usd: usdString(before),
      cost_after_usd: usdString(after),
      list_cost_before_usd: usdString(listBefore),
      list_cost_after_usd: usdString(listAfter),
    }));
  const sum = (k: "cost_before_usd" | "cost_after_usd") => usdString(rows.reduce((s, r) => s.plus(r[k]), ZERO));
  return {
    events: rows.reduce((n, r) => n + r.events, 0),
    scanned,
    cost_before_usd: sum("cost_before_usd"),
    cost_after_usd: sum("cost_after_usd"),
    rows,
    models: scope.pairs,
    unmatched_overrides: scope.unmatched,
  };
}

/**
 * Queues a reprice job (202): its scope is fixed now, from the rollups; the caller starts it (`runRepriceJob`), and
 * the job runner resumes it on any instance if this one stops. One at a time: while one is queued or running,
 * `conflict` says how far it is.
 */
export async function startReprice(ctx: Ctx, input: unknown): Promise<RepriceJobView> {
  assertCan(ctx.actor, "prices:manage");
  const filter = RepriceInput.parse(input);
  const scope = await repriceScope(ctx, filter);
  const chosen = { ...(filter.provider ? { provider: filter.provider } : {}), ...(filter.model ? { model: filter.model } : {}) };
  const job = await withTransaction(ctx, async (ctx) => {
    const [job] = await ctx.db
      .insert(repriceJobs)
      .values({
        state: "queued",
        requestedBy: actorLabel(ctx.actor),
        filter: chosen,
        scope: { pairs: scope.pairs, days: scope.days },
        eventsTotal: scope.total,
      })
      .onConflictDoNothing()
      .returning();
    if (!job) {
      const active = await activeJob(ctx.db);
      throw new AppError(
        "conflict",
        active
          ? `A reprice is already ${active.state} (${active.eventsDone.toLocaleString("en-US")} of ${active.eventsTotal.toLocaleString("en-US")} events); start another when it has finished.`
          : "A reprice is already running; start another when it has finished.",
      );
    }
    await recordAudit(ctx, {
      action: "price.reprice_started",
      target: job.id,
      details: { ...chosen, models: scope.pairs.length, events_total: scope.total },
    });
    return job;
  });
  return view(job);
}

async function activeJob(db: DbOrTx) {
  const [job] = await db.select().from(repriceJobs).where(sql`${repriceJobs.state} in ('queued', 'running')`);
  return job;
}

export async function getRepriceJob(ctx: Ctx, id: string): Promise<RepriceJobView> {
  assertCan(ctx.actor, "prices:read");
  const [job] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select().from(repriceJobs).where(eq(repriceJobs.id, id)) : [];
  if (!job) throw new AppError("not_found", "No such reprice job.");
  return view(job);
}

/** The latest jobs, newest first (Settings → Prices). */
export async function listRepriceJobs(ctx: Ctx, limit = 5): Promise<RepriceJobView[]> {
  assertCan(ctx.actor, "prices:read");
  const jobs = await ctx.db.select().from(repriceJobs).orderBy(desc(repriceJobs.createdAt)).limit(limit);
  return jobs.map(view);
}

function view(job: typeof repriceJobs.$inferSelect): RepriceJobView {
  return {
    id: job.id,
    state: job.state,
    events_done: job.eventsDone,
    events_total: Math.max(job.eventsTotal, job.eventsDone),
    events_changed: job.eventsChanged,
    cost_before_usd: usdString(new Big(job.costBeforeUsd)),
    cost_after_usd: usdString(new Big(job.costAfterUsd)),
    requested_by: job.requestedBy,
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * Takes the job to run: the queued one, or a running one whose instance stopped beating. Null when there is none,
 * or another instance runs it.
 */
export async function claimRepriceJob(db: DbOrTx, id?: string): Promise<string | null> {
  const [job] = await queryRows<{ id: string }>(
    db,
    sql`update reprice_jobs set state = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now()
      where state = 'queued' or (state = 'running' and heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}))
        ${id ? sql`and id = ${id}` : sql``}
      returning id`,
  );
  return job?.id ?? null;
}

export interface RunOptions {
  /** Stop after this many batches, leaving the job running (a test's crash). */
  maxBatches?: number;
  batchSize?: number;
}

/** Runs a claimed job batch by batch to its end; a failure marks it failed with the reason. */
export async function runRepriceJob(ctx: Ctx, id: string, options: RunOptions = {}): Promise<RepriceJobView> {
  let batches = 0;
  try {
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) break;
      const more = await withConflictRetry(() => repriceBatch(ctx, id, options.batchSize ?? BATCH), { attempts: 5, baseDelayMs: 20 });
      batches++;
      if (!more) break;
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await ctx.db
      .update(repriceJobs)
      .set({ state: "failed", error: message.slice(0, 500), finishedAt: sql`now()` })
      .where(eq(repriceJobs.id, id));
    console.error(`[burnrate] reprice ${id} failed:`, message);
  }
  const [job] = await ctx.db.select().from(repriceJobs).where(eq(repriceJobs.id, id));
  return view(job as typeof repriceJobs.$inferSelect);
}

const CHANGE_COLUMNS = new Set(["cost_usd", "list_cost_usd", "cost_source"]);
const OLD_COLUMNS = AGGREGATE_COLUMNS.map((c) => `o.${c}`).join(", ");
const NEW_COLUMNS = AGGREGATE_COLUMNS.map((c) => (CHANGE_COLUMNS.has(c) ? `c.${c}` : `o.${c}`)).join(", ");

/**
 * One batch, one transaction: the next events after the cursor (locked), repriced; the changed ones updated with
 * every aggregate; the cursor and totals moved. False once nothing is left (the job is done). The job row is locked
 * first and its cursor checked, so two instances that both think they run the job cannot apply a batch twice.
 */
async function repriceBatch(ctx: Ctx, id: string, size: number): Promise<boolean> {
  const cards = await loadPriceOverrides(ctx);
  return withTransaction(ctx, async (ctx) => {
    const { db } = ctx;
    // A month close waits for the batch (and a batch for a close): a closed month's events always leave a record.
    await db.execute(sql`lock table month_closes in share mode`);
    const [job] = await db.select().from(repriceJobs).where(eq(repriceJobs.id, id)).for("update");
    if (job?.state !== "running") return false;
    const cursor = job.cursorTimestamp && job.cursorId ? { timestamp: job.cursorTimestamp, id: job.cursorId } : null;
    const rows = await nextEvents(db, job.scope, cursor, size, true);
    if (rows.length === 0) {
      await db.update(repriceJobs).set({ state: "done", finishedAt: sql`now()`, heartbeatAt: sql`now()` }).where(eq(repriceJobs.id, id));
      await recordAudit(ctx, {
        action: "price.repriced",
        target: id,
        details: {
          requested_by: job.requestedBy,
          ...job.filter,
          events: job.eventsChanged,
          cost_before_usd: job.costBeforeUsd,
          cost_after_usd: job.costAfterUsd,
        },
      });
      return false;
    }
    const changes = rows.map((r) => reprice(r, cards)).filter((c): c is Change => c !== null);
    let before = ZERO;
    let after = ZERO;
    for (const c of changes) {
      before = before.plus(c.row.cost_usd);
      after = after.plus(c.cost_usd);
    }
    if (changes.length > 0) await applyChanges(db, id, changes);
    const last = rows[rows.length - 1] as StoredCostRow;
    await db
      .update(repriceJobs)
      .set({
        cursorTimestamp: new Date(last.timestamp),
        cursorId: last.id,
        eventsDone: sql`${repriceJobs.eventsDone} + ${rows.length}`,
        eventsChanged: sql`${repriceJobs.eventsChanged} + ${changes.length}`,
        costBeforeUsd: sql`${repriceJobs.costBeforeUsd} + ${before.toFixed(10)}::numeric`,
        costAfterUsd: sql`${repriceJobs.costAfterUsd} + ${after.toFixed(10)}::numeric`,
        heartbeatAt: sql`now()`,
      })
      .where(eq(repriceJobs.id, id));
    return true;
  });
}

/** Updates the events and, in the same statement, every daily rollup and session total; records closed months' changes. */
async function applyChanges(db: DbOrTx, jobId: string, changes: readonly Change[]): Promise<void> {
  const json = JSON.stringify(changes.map((c) => [c.row.id, c.cost_usd, c.list_cost_usd, c.cost_source]));
  const days = [...new Set(changes.map((c) => new Date(c.row.timestamp).toISOString().slice(0, 10)))];
  await db.execute(sql`with c as (
      select r->>0 as id, (r->>1)::numeric as cost_usd, (r->>2)::numeric as list_cost_usd, r->>3 as cost_source
      from jsonb_array_elements(${json}::jsonb) as r
    ), o as (
      select e.* from events e join c on c.id = e.id where e.cost_source <> 'reported'
    ), upd as (
      update events e set cost_usd = c.cost_usd, list_cost_usd = c.list_cost_usd, cost_source = c.cost_source
      from c where e.id = c.id and e.id in (select id from o)
      returning e.id
    ), moved as (
      select -1 as sgn, ${sql.raw(OLD_COLUMNS)} from o
      union all
      select 1, ${sql.raw(NEW_COLUMNS)} from o join c on c.id = o.id
    ), ${sql.raw(changeCtes("moved"))},
    closed_change as (
      insert into event_reprices (job_id, event_id, event_timestamp, old_cost_usd, old_list_cost_usd, old_cost_source,
        new_cost_usd, new_list_cost_usd, new_cost_source)
      select ${jobId}::uuid, o.id, o."timestamp", o.cost_usd, o.list_cost_usd, o.cost_source, c.cost_usd, c.list_cost_usd, c.cost_source
      from o join c on c.id = o.id
      where to_char(o."timestamp" at time zone 'UTC', 'YYYY-MM') in (select month from month_closes)
      returning 1
    )
    select (select count(*) from upd) as updated`);
  // A group no event counts in any more (an unpriced model's events all priced now) goes, as a re-synced day's does.
  // Only a change of cost source moves events between groups; a new price alone keeps every group.
  if (changes.every((c) => c.cost_source === c.row.cost_source)) return;
  for (const r of ROLLUPS)
    await db.execute(
      sql`delete from ${sql.identifier(r.table)} where day in (select d::date from jsonb_array_elements_text(${JSON.stringify(days)}::jsonb) d) and requests = 0`,
    );
}

/** Queues a job and starts it in this process; the job runner resumes it elsewhere if this process stops. */
export async function launchReprice(ctx: Ctx, input: unknown): Promise<RepriceJobView> {
  const job = await startReprice(ctx, input);
  const runner = systemContext(ctx.db, "prices-reprice");
  void claimRepriceJob(runner.db, job.id)
    .then((id) => (id ? runRepriceJob(runner, id) : null))
    .catch((err) => console.error("[burnrate] reprice failed to start:", err));
  return job;
}
