import { type SQL, sql } from "drizzle-orm";
import { EMAIL_KINDS, EVENT_USER_KINDS, PROVIDER_KEY_KINDS } from "./kinds";

/**
 * Resolution is applied when spend is read, never stored: an event's person is found through its `user` (a primary
 * email, or an alias of a kind an event's user can be: email, GitHub or Copilot login, OpenTelemetry account id,
 * OpenAI user id, Cursor email, other:*), matched case-insensitively, else through the Burnrate API key that sent it
 * (`api_key` aliases). Linking an alias therefore re-attributes every event it matches, past ones included, in the
 * same statement that links it; unlinking (or deleting the person) gives them back to "no person".
 */

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Whether the alias (a `person_aliases` row, by its SQL alias) is of a kind an event's `user` is matched against. */
export function isUserKind(alias: string): SQL {
  const kind = sql.raw(`${alias}.kind`);
  return sql`(${kind} in (${list(EVENT_USER_KINDS)}) or ${kind} like 'other:%')`;
}

/** The alias kind a provider bucket's `api_key` is claimed by, for a SQL expression holding the bucket's provider. */
export function providerKeyKind(provider: SQL): SQL {
  return sql`case ${provider} ${sql.join(
    Object.entries(PROVIDER_KEY_KINDS).map(([p, k]) => sql`when ${p} then ${k}`),
    sql` `,
  )} end`;
}

/** The person an email (a lowercased SQL value) names: their primary email, else an email-kind alias. */
export function personIdByEmail(email: SQL): SQL {
  return sql`(select id from people where email = ${email}
    union all select person_id from person_aliases where kind in (${list(EMAIL_KINDS)}) and value = ${email} limit 1)`;
}

/**
 * `(match, person_id)`: each lowercased value an event's `user` resolves by. A value two people claim under
 * different kinds goes to the one whose claim is the primary email, then the alias made first.
 */
export const USER_PEOPLE: SQL = sql`(select distinct on (match) match, person_id from (
    select email as match, id as person_id, 0 as rank, created_at from people
    union all
    select lower(value), person_id, 1, created_at from person_aliases a where ${isUserKind("a")}
  ) claims order by match, rank, created_at)`;

/** `(match, person_id)`: Burnrate API key ids linked to a person. */
export const KEY_PEOPLE: SQL = sql`(select value as match, person_id from person_aliases where kind = 'api_key')`;

/**
 * A relation with the source's columns (as `r`) and its person (`p`): `from ${resolvedFrom(source)}`. `source` is
 * `events` or a rollup holding `user` and `api_key`.
 */
export function resolvedFrom(source: string): SQL {
  return resolvedRelation(sql`${sql.identifier(source)}`);
}

/** `resolvedFrom` over any relation (a table, or a parenthesised subquery) with `user` and `api_key` columns. */
export function resolvedRelation(relation: SQL): SQL {
  return sql`${relation} r
    left join ${USER_PEOPLE} up on up.match = lower(r."user")
    left join ${KEY_PEOPLE} kp on kp.match = r.api_key
    left join people p on p.id = coalesce(up.person_id, kp.person_id)`;
}

/** In a `resolvedFrom` relation: the person (their primary email) and the team, which falls back to the person's. */
export const PERSON_EXPR = sql`p.email`;
export const PERSON_ID_EXPR = sql`p.id::text`;
export const TEAM_EXPR = sql`coalesce(r.team, p.team)`;

/**
 * Whether the directory has anyone, and anyone with a team: until it has, `person` is null for every row and `team`
 * is the events' own, so the narrowest rollup answers without resolving (`people`, `teams`: booleans).
 */
export const DIRECTORY_STATE: SQL = sql`select exists (select 1 from people) as people,
  exists (select 1 from people where team is not null) as teams`;

/** `person` when the directory is empty: no one. */
export const NO_PERSON_EXPR = sql`null::text`;
