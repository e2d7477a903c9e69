import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import type { Dimension } from "@/lib/dimensions/registry";
import { USER_PEOPLE } from "./resolve";

/**
 * Display names for group values that are ids: a person (their primary email) → their name, a Burnrate API key (its
 * id) → the key's name. Keyed `${dimension}\u0000${value}`; other dimensions' values are their own names.
 */
export async function dimensionValueNames(ctx: Ctx, values: { dimension: Dimension; value: string }[]): Promise<Record<string, string>> {
  const of = (d: Dimension) => [...new Set(values.filter((v) => v.dimension === d && v.value !== "").map((v) => v.value))];
  const [people, keys] = [of("person"), of("api_key")];
  const list = (xs: string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))`;
  const rows = await Promise.all([
    people.length > 0
      ? queryRows<{ value: string; name: string }>(ctx.db, sql`select email as value, name from people where email in ${list(people)}`)
      : [],
    keys.length > 0
      ? queryRows<{ value: string; name: string }>(
          ctx.db,
          sql`select id::text as value, name from api_keys where id::text in ${list(keys)}`,
        )
      : [],
  ]);
  return Object.fromEntries([
    ...(rows[0] ?? []).map((r) => [`person\u0000${r.value}`, r.name]),
    ...(rows[1] ?? []).map((r) => [`api_key\u0000${r.value}`, r.name]),
  ]);
}

/** The name of the person each event `user` resolves to (as spend does: primary email or alias), keyed by the lowercased user. */
export async function personNamesByUser(ctx: Ctx, users: string[]): Promise<Map<string, string>> {
  const values = [...new Set(users.map((u) => u.toLowerCase()))];
  if (values.length === 0) return new Map();
  const rows = await queryRows<{ match: string; name: string }>(
    ctx.db,
    sql`select up.match, p.name from ${USER_PEOPLE} up join people p on p.id = up.person_id
      where up.match in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`,
  );
  return new Map(rows.map((r) => [r.match, r.name]));
}
