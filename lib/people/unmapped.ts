import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db";
import type { CodingToolSource } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { rollupTable } from "@/lib/dimensions/rollups";
import { AppError } from "@/lib/errors";
import { guessUserKind } from "./kinds";
import { KEY_PEOPLE, providerKeyKind, USER_PEOPLE } from "./resolve";
import { dimensionValueNames } from "./value-names";

/** An identity value seen in usage that resolves to no person. */
export interface UnmappedIdentity {
  /** The alias kind that would link it (for an event's user, a guess: email, otel_account_uuid, else other:user). */
  kind: string;
  value: string;
  /**
   * The tool that reported it: `events`, `openai`, `anthropic`, `github`, or a coding tool (`claude-code`, `cursor`,
   * `copilot`) for a seat its vendor lists or a user its sync reported.
   */
  source: "events" | "openai" | "anthropic" | "github" | CodingToolSource;
  first_seen: string;
  last_seen: string;
  /** Requests (model calls; for a GitHub login, pull requests opened). */
  requests: number;
  /** Its spend in the window (a GitHub login's PRs carry no spend of their own: 0). */
  cost_usd: string;
  /** A Burnrate API key's name (for `api_key` identities), so a screen can say which key it is. */
  label?: string;
}

export const UNMAPPED_LIMIT = 500;

export const UnmappedQuery = z.object({
  days: z.coerce
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(1, "at least 1")
    .max(366, "at most 366")
    .default(90),
});

export function parseUnmappedQuery(params: URLSearchParams): { days: number } {
  const unknown = [...params.keys()].filter((k) => k !== "days");
  const parsed = UnmappedQuery.safeParse({ days: params.get("days") ?? undefined });
  const errors = [
    ...unknown.map((k) => ({ path: k, message: "is not a known parameter" })),
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ path: "days", message: i.message }))),
  ];
  if (errors.length > 0 || !parsed.success) throw new AppError("invalid_query", "The query string is not valid.", errors);
  return parsed.data;
}

/**
 * `GET /api/v1/people/unmapped?days=90`: identity values of the last `days` days (today included) that resolve to no
 * person — event users, the API keys of events without a user, OpenAI and Anthropic API keys in the provider's usage
 * and cost reports, pull-request authors (not bots), the seats a coding tool's vendor lists (idle ones too) — most
 * spend first, at most UNMAPPED_LIMIT. An event user a coding tool's sync reported (or a seat lists) is named by that
 * tool and its alias kind (a Cursor email, a Copilot login), once.
 */
export async function listUnmapped(ctx: Ctx, days: number, now = new Date()): Promise<UnmappedIdentity[]> {
  assertCan(ctx.actor, "dashboards:read");
  const today = utcToday(now);
  const since = sql`(${today}::date - ${days - 1}::int)`;
  const wide = sql.identifier(rollupTable("wide"));
  const providerKind = providerKeyKind(sql`provider`);
  const rows = await queryRows<Omit<UnmappedIdentity, "kind"> & { kind: string | null }>(
    ctx.db,
    sql`select kind, value, source, first_seen::text as first_seen, last_seen::text as last_seen, requests::bigint as requests,
        cost_usd::numeric(30, 10)::text as cost_usd
      from (
        select null::text as kind, r."user" as value, 'events' as source, min(r.day) as first_seen, max(r.day) as last_seen,
          sum(r.requests) as requests, sum(r.cost_usd) as cost_usd
        from ${wide} r left join ${USER_PEOPLE} up on up.match = lower(r."user") left join ${KEY_PEOPLE} kp on kp.match = r.api_key
        where r.day >= ${since} and r."user" is not null and up.person_id is null and kp.person_id is null
        group by r."user"
        union all
        select 'api_key', r.api_key, 'events', min(r.day), max(r.day), sum(r.requests), sum(r.cost_usd)
        from ${wide} r left join ${KEY_PEOPLE} kp on kp.match = r.api_key
        where r.day >= ${since} and r."user" is null and r.api_key is not null and kp.person_id is null
        group by r.api_key
        union all
        select ${providerKind}, api_key, provider, min(day), max(day), sum(requests), sum(cost_usd)
        from (
          select provider, api_key, (bucket_start at time zone 'UTC')::date as day, requests, 0::numeric as cost_usd
          from provider_usage where bucket_start >= ${since}::timestamp at time zone 'UTC' and api_key <> ''
          union all
          select provider, api_key, day, 0, cost_usd from provider_costs where day >= ${since} and api_key <> ''
        ) b
        where not exists (select 1 from person_aliases a where a.kind = ${providerKind} and a.value = b.api_key)
        group by provider, api_key
        union all
        select 'github_login', author, 'github', min((opened_at at time zone 'UTC')::date), max((opened_at at time zone 'UTC')::date),
          count(*), 0
        from pull_requests pr
        where opened_at >= ${since}::timestamp at time zone 'UTC' and author is not null and not author_is_bot and author not like '%[bot]'
          and not exists (select 1 from person_aliases a where a.kind = 'github_login' and a.value = lower(pr.author))
        group by author
        union all
        select s.kind, s.value, p.source, min(s.listed_on), max(s.listed_on), 0, 0
        from plan_seat_identities s join plans p on p.id = s.plan_id left join ${USER_PEOPLE} up on up.match = s.value
        where up.person_id is null and p.source is not null
        group by s.kind, s.value, p.source
      ) u
      order by cost_usd desc, requests desc, value
      limit ${UNMAPPED_LIMIT}`,
  );
  const merged = mergeSeats(rows);
  const names = await dimensionValueNames(
    ctx,
    merged.filter((r) => r.kind === "api_key").map((r) => ({ dimension: "api_key" as const, value: r.value })),
  );
  return merged.map((r) => {
    const label = r.kind === "api_key" ? names[`api_key\u0000${r.value}`] : undefined;
    return { ...r, kind: r.kind ?? guessUserKind(r.value), requests: Number(r.requests), ...(label ? { label } : {}) };
  });
}

type Row = Omit<UnmappedIdentity, "kind"> & { kind: string | null };
const TOOLS: readonly string[] = ["claude-code", "cursor", "copilot"];

/**
 * One row per identity value: the seats listing it (one per tool) and the event user its tools' synced usage carries
 * become one row, with the event user's spend and last use, the seat's tool, and its alias kind (`email` when a
 * value is one, which links it for every tool at once).
 */
function mergeSeats(rows: Row[]): Row[] {
  const seats = new Map<string, Row>();
  for (const r of rows) {
    if (!TOOLS.includes(r.source)) continue;
    const key = r.value.toLowerCase();
    const had = seats.get(key);
    if (!had || (r.kind === "email" && had.kind !== "email")) seats.set(key, r);
  }
  const out: Row[] = [];
  const taken = new Set<string>();
  for (const r of rows) {
    const key = r.value.toLowerCase();
    const seat = seats.get(key);
    if (TOOLS.includes(r.source) && seat) continue;
    if (seat && r.source === "events" && r.kind === null) {
      taken.add(key);
      out.push({ ...r, kind: seat.kind, source: seat.source, first_seen: [seat.first_seen, r.first_seen].sort()[0] as string });
    } else out.push(r);
  }
  for (const [key, seat] of seats) if (!taken.has(key)) out.push(seat);
  return out;
}
