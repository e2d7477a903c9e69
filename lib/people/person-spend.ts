import "server-only";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { effectiveSum } from "@/lib/effective/event-shares";
import { prEventsWithShares } from "@/lib/github/pull-requests";
import { listSpend } from "@/lib/spend/list-spend";
import { listPeople, type Person } from "./queries";
import { providerKeyKind } from "./resolve";

const ZERO = "0.0000000000";
const fixed = (b: Big) => b.toFixed(10);

export interface ToolSpend {
  /** The coding tool or agent (the event's `agent`), else its provider; UNUSED_SEAT for their seats' unused fees. */
  tool: string;
  requests: number;
  cost_usd: string;
  list_cost_usd: string;
  effective_cost_usd: string;
}

/** The "tool" of a person's unused plan fee lines: the days their named seat went unused. */
export const UNUSED_SEAT = "unused plan seat";

export interface PersonSpendRow {
  /** null: spend no person is linked to. */
  person: Pick<Person, "id" | "name" | "email" | "team" | "left_on"> | null;
  requests: number;
  cost_usd: string;
  list_cost_usd: string;
  /** Metered cost plus the plan fees allocated to their usage and their named seats' unused days (lib/effective). */
  effective_cost_usd: string;
  /** By tool, most effective cost first; the rows sum exactly to the person's totals. */
  tools: ToolSpend[];
  /** What OpenAI and Anthropic billed for the API keys linked to them (shown beside, not added: those calls may also arrive as events). */
  provider_reported_usd: string;
  /** Pull requests they authored (GitHub login aliases) merged in the range. */
  merged_prs: number;
}

/**
 * Spend per person across every tool for a range (the People screen): the events resolved to each person (through
 * their email and aliases, lib/people/resolve.ts), by tool; beside it, the providers' own bill for the keys linked to
 * them, and their merged pull requests. Everyone in the directory has a row (left people only with spend), and
 * spend with no person is one more row.
 */
export async function getPeopleSpend(ctx: Ctx, range: { from: string; to: string }): Promise<PersonSpendRow[]> {
  assertCan(ctx.actor, "dashboards:read");
  const [people, spend, reported, prs] = await Promise.all([
    listPeople(ctx),
    listSpend(ctx, { ...range, groupBy: ["person", "agent", "provider"], interval: "none", filters: {}, limit: 10_000 }),
    providerReportedByPerson(ctx, range),
    mergedPrsByPerson(ctx, range),
  ]);
  const byEmail = new Map<string | null, { requests: number; cost: Big; list: Big; effective: Big; tools: Map<string, ToolSpend> }>();
  for (const r of spend.rows) {
    const key = (r.person as string | null) ?? null;
    const acc = byEmail.get(key) ?? { requests: 0, cost: new Big(0), list: new Big(0), effective: new Big(0), tools: new Map() };
    acc.requests += r.requests;
    acc.cost = acc.cost.plus(r.cost_usd);
    acc.list = acc.list.plus(r.list_cost_usd);
    acc.effective = acc.effective.plus(r.effective_cost_usd);
    const tool = r.unused_plan_fee ? UNUSED_SEAT : String(r.agent ?? r.provider);
    const t = acc.tools.get(tool) ?? { tool, requests: 0, cost_usd: ZERO, list_cost_usd: ZERO, effective_cost_usd: ZERO };
    acc.tools.set(tool, {
      tool,
      requests: t.requests + r.requests,
      cost_usd: fixed(new Big(t.cost_usd).plus(r.cost_usd)),
      list_cost_usd: fixed(new Big(t.list_cost_usd).plus(r.list_cost_usd)),
      effective_cost_usd: fixed(new Big(t.effective_cost_usd).plus(r.effective_cost_usd)),
    });
    byEmail.set(key, acc);
  }
  const row = (person: PersonSpendRow["person"]): PersonSpendRow => {
    const acc = byEmail.get(person?.email ?? null);
    return {
      person,
      requests: acc?.requests ?? 0,
      cost_usd: fixed(acc?.cost ?? new Big(0)),
      list_cost_usd: fixed(acc?.list ?? new Big(0)),
      effective_cost_usd: fixed(acc?.effective ?? new Big(0)),
      tools: [...(acc?.tools.values() ?? [])].sort(
        (a, b) => new Big(b.effective_cost_usd).cmp(a.effective_cost_usd) || a.tool.localeCompare(b.tool),
      ),
      provider_reported_usd: (person && reported.get(person.id)) ?? ZERO,
      merged_prs: (person && prs.get(person.id)) ?? 0,
    };
  };
  const rows = people
    .map((p) => row({ id: p.id, name: p.name, email: p.email, team: p.team, left_on: p.left_on }))
    .filter((r) => !r.person?.left_on || r.requests > 0 || r.merged_prs > 0 || r.provider_reported_usd !== ZERO);
  const none = row(null);
  return [
    ...rows.sort((a, b) => new Big(b.effective_cost_usd).cmp(a.effective_cost_usd)),
    ...(none.requests > 0 || none.effective_cost_usd !== ZERO ? [none] : []),
  ];
}

/** person id → the providers' reported cost of the API keys linked to them (provider_costs, by day). */
async function providerReportedByPerson(ctx: Ctx, range: { from: string; to: string }): Promise<Map<string, string>> {
  const rows = await queryRows<{ person_id: string; cost: string }>(
    ctx.db,
    sql`select a.person_id::text as person_id, sum(c.cost_usd)::numeric(30, 10)::text as cost
      from provider_costs c
      join person_aliases a on a.value = c.api_key and a.kind = ${providerKeyKind(sql`c.provider`)}
      where c.day between ${range.from}::date and ${range.to}::date
      group by a.person_id`,
  );
  return new Map(rows.map((r) => [r.person_id, r.cost]));
}

/** person id → pull requests they authored (by GitHub login alias) merged in the range. */
async function mergedPrsByPerson(ctx: Ctx, range: { from: string; to: string }): Promise<Map<string, number>> {
  const rows = await queryRows<{ person_id: string; n: number }>(
    ctx.db,
    sql`select a.person_id::text as person_id, count(*)::int as n
      from pull_requests pr join person_aliases a on a.kind = 'github_login' and a.value = lower(pr.author)
      where pr.merged_at >= ${`${range.from}T00:00:00Z`}::timestamptz and pr.merged_at < (${range.to}::date + 1)::timestamp at time zone 'UTC'
      group by a.person_id`,
  );
  return new Map(rows.map((r) => [r.person_id, Number(r.n)]));
}

export interface PersonPullRequest {
  repo: string;
  number: number;
  title: string;
  state: string;
  cost_usd: string;
  effective_cost_usd: string;
  requests: number;
}

/** The pull requests a person authored (GitHub login aliases) that are open or ended in the range, with their events' cost. */
export async function listPersonPullRequests(
  ctx: Ctx,
  personId: string,
  range: { from: string; to: string },
): Promise<PersonPullRequest[]> {
  assertCan(ctx.actor, "dashboards:read");
  const where = sql`lower(author) in (select value from person_aliases where kind = 'github_login' and person_id::text = ${personId})
    and (state = 'open' or (coalesce(merged_at, closed_at) >= ${range.from}::date::timestamp at time zone 'UTC'
      and coalesce(merged_at, closed_at) < (${range.to}::date + 1)::timestamp at time zone 'UTC'))`;
  const events = await prEventsWithShares(ctx, where);
  const rows = await queryRows<PersonPullRequest>(
    ctx.db,
    sql`with costs as (select repo, number, count(*)::int as requests, sum(cost_usd) as cost_usd, sum(alloc) as alloc
        from (${events}) pe group by repo, number)
      select p.repo, p.number, p.title, p.state, coalesce(c.cost_usd, 0)::numeric(30, 10)::text as cost_usd,
        ${effectiveSum(sql`c.cost_usd`, sql`c.alloc`)} as effective_cost_usd, coalesce(c.requests, 0)::int as requests
      from (select * from pull_requests where ${where}) p left join costs c on c.repo = p.repo and c.number = p.number
      order by coalesce(c.cost_usd, 0) + coalesce(c.alloc, 0) desc, p.repo, p.number
      limit 50`,
  );
  return rows.map((r) => ({ ...r, requests: Number(r.requests) }));
}
