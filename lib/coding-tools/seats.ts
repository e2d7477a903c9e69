import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { CodingToolSource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { USER_PEOPLE } from "@/lib/people/resolve";
import type { SeatPlan } from "./types";

export interface SeatSync {
  planId: string;
  created: boolean;
  seats: number;
  /** Seat identities that name a person (they become the plan's seat holders). */
  holders: number;
  /** Seat identities no person has yet: listed in Settings → People → unmapped (plan_seat_identities). */
  unmapped: string[];
}

/**
 * Keeps the source's plan in step with the vendor's seats: created on the first sync (from `since`, the first day the
 * sync reads, at the vendor's list fee), after that its seat count and holders follow the vendor while its fee, dates
 * and name stay as an admin set them. A plan typed by hand under the same name is adopted, not duplicated. Holders are
 * the people the seat identities resolve to (a primary email, an email or Cursor alias, a Copilot or GitHub login),
 * at most one per seat. `onlyGrow`: the vendor reports only the seats in use, so the count never drops below the plan's.
 */
export async function syncSeatPlan(
  ctx: Ctx,
  source: CodingToolSource,
  seat: SeatPlan,
  since: string,
  opts: { onlyGrow?: boolean } = {},
): Promise<SeatSync> {
  return withTransaction(ctx, async (ctx) => {
    const [existing] = await queryRows<{ id: string; seats: number; source: string | null }>(
      ctx.db,
      sql`select id::text, seats, source from plans where source = ${source} or (source is null and name = ${seat.name})
        order by (source is null) limit 1 for update`,
    );
    const seats = Math.max(1, seat.seats, opts.onlyGrow && existing ? existing.seats : 0);
    let planId: string;
    if (existing) {
      planId = existing.id;
      await ctx.db.execute(sql`update plans set seats = ${seats}, source = ${source}, updated_at = now() where id = ${planId}::uuid
        and (seats <> ${seats} or source is distinct from ${source})`);
    } else {
      const [row] = await queryRows<{ id: string }>(
        ctx.db,
        sql`insert into plans (name, vendor, tool, seats, fee_per_seat_usd, start_date, source)
          values (${seat.name}, ${seat.vendor}, ${seat.tool}, ${seats}, ${seat.feePerSeatUsd}::numeric, ${since}::date, ${source})
          returning id::text`,
      );
      planId = row?.id as string;
      await recordAudit(ctx, {
        action: "plan.created",
        target: seat.name,
        details: { source, seats, fee_per_seat_usd: seat.feePerSeatUsd, start_date: since },
      });
    }
    const values = JSON.stringify(seat.holders.map((h) => h.value.toLowerCase()));
    const found = await queryRows<{ value: string; person_id: string | null }>(
      ctx.db,
      sql`select x.value, up.person_id::text from jsonb_array_elements_text(${values}::jsonb) as x(value)
        left join ${USER_PEOPLE} up on up.match = x.value order by x.value`,
    );
    const people = [...new Set(found.flatMap((f) => (f.person_id ? [f.person_id] : [])))].slice(0, seats);
    // Every identity the vendor lists, as of today: the ones no person has wait in Settings → People, idle or not.
    await ctx.db.execute(sql`delete from plan_seat_identities where plan_id = ${planId}::uuid`);
    const identities = JSON.stringify([...new Map(seat.holders.map((h) => [`${h.kind}\u0000${h.value.toLowerCase()}`, h])).values()]);
    await ctx.db.execute(sql`insert into plan_seat_identities (plan_id, kind, value, listed_on)
      select ${planId}::uuid, x->>'kind', lower(x->>'value'), (now() at time zone 'UTC')::date
      from jsonb_array_elements(${identities}::jsonb) as x`);
    await ctx.db.execute(sql`delete from plan_seat_holders where plan_id = ${planId}::uuid`);
    if (people.length > 0) {
      await ctx.db.execute(sql`insert into plan_seat_holders (plan_id, person_id)
        select ${planId}::uuid, id::uuid from jsonb_array_elements_text(${JSON.stringify(people)}::jsonb) as x(id)`);
    }
    return {
      planId,
      created: !existing,
      seats,
      holders: people.length,
      unmapped: found.filter((f) => !f.person_id).map((f) => f.value),
    };
  });
}
