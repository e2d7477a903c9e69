import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { TxCtx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { personIdByEmail } from "@/lib/people/resolve";

/**
 * Replaces a plan's seat holders with the people these emails name (a primary email or an email alias), inside the
 * caller's transaction; an email that names no one refuses the change, naming it.
 */
export async function setSeatHolders(ctx: TxCtx, planId: string, emails: readonly string[]): Promise<void> {
  const found = await queryRows<{ email: string; person_id: string }>(
    ctx.db,
    sql`select x.email, ${personIdByEmail(sql`x.email`)}::text as person_id
      from jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb) as x(email)`,
  );
  const missing = found.filter((f) => f.person_id === null).map((f) => f.email);
  if (missing.length > 0)
    throw new AppError("validation_failed", "Every seat holder must be a person in Settings → People.", [
      { path: "seat_holders", message: `No person has the email ${missing.join(", ")}` },
    ]);
  await ctx.db.execute(sql`delete from plan_seat_holders where plan_id = ${planId}::uuid`);
  const ids = [...new Set(found.map((f) => f.person_id))];
  if (ids.length > 0)
    await ctx.db.execute(
      sql`insert into plan_seat_holders (plan_id, person_id) select ${planId}::uuid, id::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x(id)`,
    );
}

/** Fewer seats than named holders is refused: name fewer holders first. */
export async function assertHoldersFit(ctx: TxCtx, planId: string, seats: number): Promise<void> {
  const [row] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from plan_seat_holders where plan_id = ${planId}::uuid`,
  );
  const held = Number(row?.n ?? 0);
  if (held > seats)
    throw new AppError("validation_failed", "The plan names more seat holders than that.", [
      { path: "seats", message: `${held} people hold its seats: remove holders first` },
    ]);
}
