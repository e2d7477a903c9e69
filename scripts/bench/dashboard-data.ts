import type postgres from "postgres";
import { aggregateCtes } from "@/lib/ingest/aggregates-sql";

/**
 * Rows g in [from, to]: 60 % product traffic (12 features on 6 models, 40 customers, conversations of 8 calls),
 * 30 % coding agents (40 engineers in 4 teams, 20 repos, 6 tools, 5 workflow stages, runs of 50 calls; Claude
 * Code on a plan, Codex on the API), 10 % evals. Sessions land at uniform random points of the `spanDays` days before `end`, their calls seconds apart.
 */
export function generateSql(from: number, to: number, end: string, spanDays = 90): string {
  return `
  insert into events (id, "timestamp", provider, model, surface, plan, environment, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, list_cost_usd, cost_source, status, latency_ms,
    "user", customer, team, feature, workflow, repo, branch, tool, agent, session, prompt_version, billable)
  select 'b' || g, ts, provider, model, surface, plan, environment, input_tokens, output_tokens,
    cache_read, 0, 0, case when surface = 'plan' then 0 else cost end, cost, 'computed', status, latency,
    "user", customer, team, feature, workflow, repo, branch, tool, agent, session, prompt_version, environment = 'production'
  from (
    select g, ts, kind, input_tokens, output_tokens, latency, status, fi, ui,
      case kind when 'agent' then (case when ui % 2 = 0 then 'anthropic' else 'openai' end)
        when 'eval' then 'openai' else (array['openai','openai','anthropic','anthropic','google','openai'])[1 + (fi * 2 + pick) % 6] end as provider,
      case kind when 'agent' then (case when ui % 2 = 0 then (case when pick = 0 then 'claude-sonnet-4-5' else 'claude-opus-4-1' end) else 'gpt-5-codex' end)
        when 'eval' then 'gpt-4.1-mini' else (array['gpt-5-mini','gpt-5','claude-haiku-4-5','claude-sonnet-4-5','gemini-2.5-flash','gpt-4.1'])[1 + (fi * 2 + pick) % 6] end as model,
      case when kind = 'agent' and ui % 2 = 0 then 'plan' else 'api' end as surface,
      case when kind = 'agent' and ui % 2 = 0 then 'Claude Team' end as plan,
      case kind when 'eval' then 'eval' else (case when r3 < 0.9 or kind = 'agent' then 'production' else 'staging' end) end as environment,
      case when kind = 'agent' then (input_tokens * 0.4)::int else 0 end as cache_read,
      round((input_tokens * 2.5e-6 + output_tokens * 1.0e-5)::numeric, 10) as cost,
      case when kind = 'agent' then 'eng-' || ui end as "user",
      case when kind = 'product' then 'cust-' || floor(40 * r2 * r2)::int end as customer,
      case kind when 'agent' then (array['platform','growth','support-ai','data'])[1 + ui % 4]
        when 'eval' then 'data' else (array['growth','support-ai','platform','data'])[1 + fi % 4] end as team,
      case kind when 'product' then (array['chat','summarize','extract','triage','search','translate','classify','draft','qa','rank','tag','moderate'])[1 + fi]
        when 'eval' then 'eval' end as feature,
      case when kind = 'agent' then (array['planning','exploration','codegen','testing','review'])[1 + (g / 50) % 5] end as workflow,
      case when kind = 'agent' then 'acme/repo-' || (ui * 3 + pick) % 20 end as repo,
      case when kind = 'agent' then 'feat/' || (g / 400) end as branch,
      case when kind = 'agent' then (array['Read','Edit','Bash','Grep','mcp:github','mcp:linear'])[1 + floor(r2 * 6)::int] end as tool,
      case when kind = 'agent' then (case when ui % 2 = 0 then 'claude-code' else 'codex' end) end as agent,
      case kind when 'agent' then 'run-' || (g / 50) when 'eval' then 'eval-' || (g / 120) else 'conv-' || (g / 8) end as session,
      case when kind = 'product' then 'v' || (1 + fi % 3) end as prompt_version
    from (
      select g, r2, r3,
        -- A session's calls sit together in time (a conversation, an agent run), at a random point of the 90 days.
        '${end}'::timestamptz - make_interval(secs => 7200 + abs(hashtext((g % 10 < 6)::text || (g % 10 < 9)::text
          || (case when g % 10 < 6 then g / 8 when g % 10 < 9 then g / 50 else g / 120 end))::bigint) % (${Math.round(spanDays * 86400)} - 7200)
          - (g % 50) * 20 + floor(r1 * 10)) as ts,
        case when g % 10 < 6 then 'product' when g % 10 < 9 then 'agent' else 'eval' end as kind,
        ((g / 7) % 12)::int as fi, ((g / 13) % 40)::int as ui, (r4 < 0.3)::int as pick,
        500 + floor(r3 * 20000)::int as input_tokens, 50 + floor(r4 * 1500)::int as output_tokens,
        200 + floor(r2 * 8000)::int as latency, case when r4 < 0.02 then 'error' else 'ok' end as status
      from (select g, random() r1, random() r2, random() r3, random() r4 from generate_series(${from}::bigint, ${to}::bigint) g) s
    ) t
  ) u`;
}

/**
 * Adds generated events `b<from>`…`b<to>` and their aggregates in chunks of `chunk`, printing progress; the events
 * land in the `spanDays` days before `end`.
 */
export async function loadEvents(
  sql: postgres.Sql,
  range: { from: number; to: number },
  opts: { end: string; spanDays?: number; chunk: number },
): Promise<void> {
  for (let from = range.from; from <= range.to; from += opts.chunk) {
    const to = Math.min(range.to, from + opts.chunk - 1);
    await sql.unsafe(`with ins as (${generateSql(from, to, opts.end, opts.spanDays)} returning *),
      ids as (insert into event_ids (id, month) select id, date_trunc('month', "timestamp" at time zone 'UTC')::date from ins),
      ${aggregateCtes("ins")} select 1`);
    process.stdout.write(`\rLoading: ${to.toLocaleString("en-US")} events`);
  }
}
