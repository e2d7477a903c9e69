import { type SQL, sql } from "drizzle-orm";
import { EVENT_USER_KINDS } from "./kinds";

/**
 * Resolution is applied when spend is read, never stored: an event's person is found through its `user` (a primary
 * email, or an alias of a kind an event's user can be: email, GitHub or Copilot login, OpenTelemetry account id,
 * OpenAI user id, Cursor email, other:*), matched case-insensitively, else through the Burnrate API key that sent it
 * (`api_key` aliases). Linking an alias therefore re-attributes every event it matches, past ones included, in the
 * same statement that links it; unlinking (or deleting the person) gives them back to "no person".
 */

const USER_KINDS = sql.join(
  EVENT_USER_KINDS.map((k) => sql`${k}`),
  sql`, `,
);

/**
 * `(match, person_id)`: each lowercased value an event's `user` resolves by. A value two people claim under
 * different kinds goes to the one whose claim is the primary email, then the alias made first.
 */
export const USER_PEOPLE: SQL = sql`(select distinct on (match) match, person_id from (
    select email as match, id as person_id, 0 as rank, created_at from people
    union all
    select lower(value), person_id, 1, created_at from person_aliases where kind in (${USER_KINDS}) or kind like 'other:%'
  ) claims order by match, rank, created_at)`;

/** `(match, person_id)`: Burnrate API key ids linked to a person. */
export const KEY_PEOPLE: SQL = sql`(select value as match, person_id from person_aliases where kind = 'api_key')`;

/**
 * A relation with the source's columns (as `r`) and its person (`p`): `from ${resolvedFrom(source)}`. `source` is
 * `events` or a rollup holding `user` and `api_key`.
 */
export function resolvedFrom(source: string): SQL {
  return sql`${sql.identifier(source)} r
    left join ${USER_PEOPLE} up on up.match = lower(r."user")
    left join ${KEY_PEOPLE} kp on kp.match = r.api_key
    left join people p on p.id = coalesce(up.person_id, kp.person_id)`;
}

/** In a `resolvedFrom` relation: the person (their primary email) and the team, which falls back to the person's. */
export const PERSON_EXPR = sql`p.email`;
export const PERSON_ID_EXPR = sql`p.id::text`;
export const TEAM_EXPR = sql`coalesce(r.team, p.team)`;

/** Whether any person has a team, i.e. whether `team` needs resolving at all (else the core rollup answers it). */
export const ANY_PERSON_TEAM: SQL = sql`exists (select 1 from people where team is not null)`;
