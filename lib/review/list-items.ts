import "server-only";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { weekRange } from "@/lib/dates/weeks";
import { effectiveBy } from "@/lib/effective/event-shares";
import { personNamesByUser } from "@/lib/people/value-names";
import { type RequestFacts, requestReasons, type SessionFacts, sessionReasons } from "./reasons";
import { REVIEW_RULES as R } from "./rules";

export interface ReviewCandidate {
  kind: "request" | "session";
  id: string;
  cost_usd: string;
  list_cost_usd: string;
  /** Metered cost plus the plan fees allocated to the calls (lib/effective). */
  effective_cost_usd: string;
  model: string | null;
  feature: string | null;
  session: string | null;
  /** Who made the call (the session's most frequent `user`), their name when the people directory knows them, the repo. */
  user: string | null;
  person: string | null;
  repo: string | null;
  reasons: string[];
}

/** A candidate as the fold stores it: the facts its reasons are worded from (at read time, so rule text can change). */
export interface StoredCandidate {
  kind: "request" | "session";
  id: string;
  cost_usd: string;
  list_cost_usd: string;
  model: string | null;
  feature: string | null;
  session: string | null;
  facts: RequestFacts | SessionFacts;
}

type Row = Record<string, string | number | null>;

const bucket = (ratio: number) => sql.raw(`floor(ln(input_tokens + 1) / ln(${ratio}))`);

/**
 * The week's most expensive requests, ranked by list cost (what a call is worth at API prices, so a paid-plan call
 * ranks by its work, not by its zero metered cost), with the facts their reasons need: the median of the same model
 * and feature, similar calls (same model, feature, prompt version and input size bucket) and, through the session
 * index, near-identical calls and errors in the same session.
 */
async function topRequests(db: DbOrTx, range: { start: Date; end: Date }): Promise<StoredCandidate[]> {
  const week = sql`"timestamp" >= ${range.start.toISOString()}::timestamptz and "timestamp" < ${range.end.toISOString()}::timestamptz`;
  const rows = await queryRows<Row>(
    db,
    sql`with top as (
        select id, model, feature, session, "user", repo, prompt_version, input_tokens, output_tokens, cache_read_tokens, status,
          cost_usd, list_cost_usd, ${bucket(R.similarInputRatio)} as similar_bucket, ${bucket(R.loopInputRatio)} as loop_bucket
        from events where ${week} order by list_cost_usd desc, id limit ${R.topN}
      ),
      group_calls as materialized (
        select e.model, coalesce(e.feature, '') as feature, coalesce(e.prompt_version, '') as prompt_version,
          ${bucket(R.similarInputRatio)} as similar_bucket, e.list_cost_usd
        from events e where ${week} and (e.model, coalesce(e.feature, '')) in (select model, coalesce(feature, '') from top)
      ),
      peers as (
        select model, feature, count(*) as peers, percentile_cont(0.5) within group (order by list_cost_usd) as median
        from group_calls group by model, feature
      ),
      alike as (
        select model, feature, prompt_version, similar_bucket, count(*) as calls from group_calls group by 1, 2, 3, 4
      )
      select t.id, t.model, t.feature, t.session, t."user", t.repo, t.input_tokens, t.output_tokens, t.cache_read_tokens, t.status,
        t.cost_usd::text as cost_usd, t.list_cost_usd::text as list_cost_usd,
        p.peers, p.median::numeric(30, 10)::text as median, a.calls - 1 as similar_calls,
        (select count(*) from events s where t.session is not null and s.session = t.session and ${week} and s.model = t.model
          and ${sql.raw(`floor(ln(s.input_tokens + 1) / ln(${R.loopInputRatio}))`)} = t.loop_bucket) as loop_calls,
        (select count(*) from events s where t.session is not null and s.session = t.session and ${week} and s.status = 'error') as session_errors
      from top t join peers p on p.model = t.model and p.feature = coalesce(t.feature, '')
        join alike a on a.model = t.model and a.feature = coalesce(t.feature, '') and a.prompt_version = coalesce(t.prompt_version, '')
          and a.similar_bucket = t.similar_bucket
      order by t.list_cost_usd desc, t.id`,
  );
  return rows.map((r) => {
    const facts: RequestFacts = {
      model: String(r.model),
      feature: r.feature === null ? null : String(r.feature),
      listCostUsd: String(r.list_cost_usd),
      medianListCostUsd: r.median === null ? null : String(r.median),
      peers: Number(r.peers),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      cacheReadTokens: Number(r.cache_read_tokens),
      status: String(r.status),
      similarCalls: Number(r.similar_calls),
      loopCalls: Number(r.loop_calls),
      sessionErrors: Number(r.session_errors),
      user: r.user === null ? null : String(r.user),
      repo: r.repo === null ? null : String(r.repo),
    };
    return {
      kind: "request",
      id: String(r.id),
      cost_usd: String(r.cost_usd),
      list_cost_usd: facts.listCostUsd,
      model: facts.model,
      feature: facts.feature,
      session: r.session === null ? null : String(r.session),
      facts,
    };
  });
}

/** The week's most expensive sessions (by list cost), against the median session of the week. */
async function topSessions(db: DbOrTx, range: { start: Date; end: Date }): Promise<StoredCandidate[]> {
  const week = sql`"timestamp" >= ${range.start.toISOString()}::timestamptz and "timestamp" < ${range.end.toISOString()}::timestamptz`;
  const rows = await queryRows<Row>(
    db,
    sql`with s as (
        select session, count(*) as requests, sum(cost_usd) as cost, sum(list_cost_usd) as list,
          extract(epoch from max("timestamp") - min("timestamp")) * 1000 as duration_ms,
          count(*) filter (where status = 'error') as errors,
          count(*) filter (where cache_read_tokens = 0 and input_tokens >= ${R.cacheableInputTokens}) as uncached_large
        from events where ${week} and session is not null group by session
      ),
      top as (select * from s order by list desc, session limit ${R.topN}),
      loops as (
        select session, max(n) as loop_calls from (
          select session, count(*) as n from events
          where ${week} and session in (select session from top)
          group by session, model, ${bucket(R.loopInputRatio)}
        ) x group by session
      )
      select top.session, top.requests, top.cost::numeric(30, 10)::text as cost_usd, top.list::numeric(30, 10)::text as list_cost_usd,
        top.duration_ms, top.errors, top.uncached_large, loops.loop_calls,
        (select mode() within group (order by model) from events e where e.session = top.session and ${week}) as model,
        (select mode() within group (order by feature) from events e where e.session = top.session and ${week}) as feature,
        (select mode() within group (order by "user") from events e where e.session = top.session and ${week}) as "user",
        (select mode() within group (order by repo) from events e where e.session = top.session and ${week}) as repo,
        (select count(*) from s) as peers, (select percentile_cont(0.5) within group (order by list) from s)::numeric(30, 10)::text as median
      from top left join loops using (session)
      order by top.list desc, top.session`,
  );
  return rows.map((r) => {
    const facts: SessionFacts = {
      listCostUsd: String(r.list_cost_usd),
      medianListCostUsd: r.median === null ? null : String(r.median),
      peers: Number(r.peers),
      requests: Number(r.requests),
      durationMs: Number(r.duration_ms),
      loopCalls: Number(r.loop_calls ?? 0),
      errors: Number(r.errors),
      uncachedLargeCalls: Number(r.uncached_large),
      user: r.user === null ? null : String(r.user),
      repo: r.repo === null ? null : String(r.repo),
    };
    return {
      kind: "session",
      id: String(r.session),
      cost_usd: String(r.cost_usd),
      list_cost_usd: facts.listCostUsd,
      model: r.model === null ? null : String(r.model),
      feature: r.feature === null ? null : String(r.feature),
      session: String(r.session),
      facts,
    };
  });
}

/**
 * The week's candidates computed from its events: the top requests and the top sessions. The fold stores them per
 * week (lib/aggregates/fold.ts); tests and benchmarks compare the stored answer with this one.
 */
export async function computeWeekCandidates(db: DbOrTx, range: { start: Date; end: Date }): Promise<StoredCandidate[]> {
  const requests = await topRequests(db, range);
  const sessions = await topSessions(db, range);
  return [...requests, ...sessions];
}

/** The week's candidates as the fold stored them. */
async function storedCandidates(db: DbOrTx, week: string): Promise<StoredCandidate[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select kind, item_id, cost_usd::text as cost_usd, list_cost_usd::text as list_cost_usd, model, feature, session, facts
      from review_week_items where week = ${week}`,
  );
  return rows.map((r) => ({
    kind: r.kind === "session" ? "session" : "request",
    id: String(r.item_id),
    cost_usd: String(r.cost_usd),
    list_cost_usd: String(r.list_cost_usd),
    model: r.model === null ? null : String(r.model),
    feature: r.feature === null ? null : String(r.feature),
    session: r.session === null ? null : String(r.session),
    facts: (typeof r.facts === "string" ? JSON.parse(r.facts) : r.facts) as RequestFacts | SessionFacts,
  }));
}

/** Recomputes one week's stored candidates from its events (inside the fold's transaction). */
export async function foldReviewWeek(tx: DbOrTx, week: string): Promise<void> {
  const candidates = await computeWeekCandidates(tx, weekRange(week));
  await tx.execute(sql`delete from review_week_items where week = ${week}`);
  if (candidates.length === 0) return;
  await tx.execute(
    sql`insert into review_week_items (week, kind, item_id, cost_usd, list_cost_usd, model, feature, session, facts) values ${sql.join(
      candidates.map(
        (c) =>
          sql`(${week}, ${c.kind}, ${c.id}, ${c.cost_usd}, ${c.list_cost_usd}, ${c.model}, ${c.feature}, ${c.session}, ${JSON.stringify(c.facts)}::jsonb)`,
      ),
      sql`, `,
    )}`,
  );
}

/**
 * The weekly review's candidates: the top requests and the top sessions, together, most expensive (list cost) first,
 * with their reasons and effective cost. Read from what the fold stored for the week (`raw`: computed from the events
 * now, the reference the stored answer must equal).
 */
export async function listReviewCandidates(ctx: Ctx, week: string, opts: { raw?: boolean } = {}): Promise<ReviewCandidate[]> {
  const range = weekRange(week);
  const stored = opts.raw ? await computeWeekCandidates(ctx.db, range) : await storedCandidates(ctx.db, week);
  const items: ReviewCandidate[] = stored.map(({ facts, ...c }) => ({
    ...c,
    // Weeks folded before these facts were kept have neither.
    user: facts.user ?? null,
    person: null,
    repo: facts.repo ?? null,
    effective_cost_usd: c.cost_usd,
    reasons: c.kind === "request" ? requestReasons(facts as RequestFacts) : sessionReasons(facts as SessionFacts),
  }));
  const requests = items.filter((i) => i.kind === "request");
  const sessions = items.filter((i) => i.kind === "session");
  const inWeek = sql`"timestamp" >= ${range.start.toISOString()}::timestamptz and "timestamp" < ${range.end.toISOString()}::timestamptz`;
  const list = (values: string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const [byId, bySession, names] = await Promise.all([
    requests.length > 0
      ? effectiveBy(ctx, sql`select * from events where ${inWeek} and id in (${list(requests.map((r) => r.id))})`, sql`r.id`)
      : null,
    sessions.length > 0
      ? effectiveBy(ctx, sql`select * from events where ${inWeek} and session in (${list(sessions.map((r) => r.id))})`, sql`r.session`)
      : null,
    personNamesByUser(
      ctx,
      items.flatMap((i) => (i.user ? [i.user] : [])),
    ),
  ]);
  for (const i of items) i.person = i.user ? (names.get(i.user.toLowerCase()) ?? null) : null;
  for (const r of requests) r.effective_cost_usd = byId?.get(r.id) ?? r.cost_usd;
  for (const s of sessions) s.effective_cost_usd = bySession?.get(s.id) ?? s.cost_usd;
  return [...requests, ...sessions].sort((a, b) => {
    const d = new Big(b.list_cost_usd).cmp(a.list_cost_usd);
    return d !== 0 ? d : a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);
  });
}
