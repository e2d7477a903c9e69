import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import type { Dimension } from "@/lib/dimensions/registry";

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
