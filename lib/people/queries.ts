import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { personIdByEmail } from "./resolve";

export interface Alias {
  kind: string;
  value: string;
}

/** A person as `GET /api/v1/people` returns them. */
export interface Person {
  id: string;
  name: string;
  email: string;
  team: string | null;
  active_from: string | null;
  left_on: string | null;
  aliases: Alias[];
  created_at: string;
}

const PERSON_COLUMNS = sql`p.id::text as id, p.name, p.email, p.team, p.active_from::text as active_from, p.left_on::text as left_on,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
  coalesce((select json_agg(json_build_object('kind', a.kind, 'value', a.value) order by a.kind, a.value)
    from person_aliases a where a.person_id = p.id), '[]'::json) as aliases`;

/** Everyone in the directory, by name; `left` people too unless `activeOnly`. */
export async function listPeople(ctx: Ctx, opts: { activeOnly?: boolean } = {}): Promise<Person[]> {
  assertCan(ctx.actor, "dashboards:read");
  return queryRows<Person>(
    ctx.db,
    sql`select ${PERSON_COLUMNS} from people p ${opts.activeOnly ? sql`where p.left_on is null` : sql``} order by lower(p.name), p.email`,
  );
}

/** One person by id; null when there is none (or `id` is not a uuid, as a URL segment may be anything). */
export async function getPerson(ctx: Pick<Ctx, "db">, id: string): Promise<Person | null> {
  if (!z.uuid().safeParse(id).success) return null;
  return (await personWhere(ctx.db, sql`p.id::text = ${id}`))[0] ?? null;
}

/** The person a signed-in member is: the one whose primary email or email alias is their login email. */
export async function personOfEmail(ctx: Ctx, email: string): Promise<Person | null> {
  assertCan(ctx.actor, "dashboards:read");
  const e = email.toLowerCase();
  return (await personWhere(ctx.db, sql`p.id = ${personIdByEmail(sql`${e}`)}`))[0] ?? null;
}

function personWhere(db: DbOrTx, where: ReturnType<typeof sql>): Promise<Person[]> {
  return queryRows<Person>(db, sql`select ${PERSON_COLUMNS} from people p where ${where} order by p.email limit 1`);
}
