import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { plans } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export interface Plan {
  id: string;
  name: string;
  vendor: string;
  tool: string | null;
  seats: number;
  feePerSeatUsd: string;
  startDate: string;
  endDate: string | null;
  includedRequestsPerSeat: number | null;
  /** The people holding its seats (primary emails), by email. */
  seatHolders: string[];
  /** Seats × fee per seat: a whole month's fee. */
  monthlyFeeUsd: string;
  updatedAt: Date;
}

/** Every plan, by name. Any member may read them: plan fees are part of the spend everyone sees. */
export async function listPlans(ctx: Ctx): Promise<Plan[]> {
  assertCan(ctx.actor, "dashboards:read");
  return selectPlans(ctx).orderBy(asc(plans.name));
}

/** One plan, or null (an id that is not a uuid is no plan). */
export async function getPlan(ctx: Ctx, id: string): Promise<Plan | null> {
  assertCan(ctx.actor, "dashboards:read");
  if (!z.uuid().safeParse(id).success) return null;
  return (await selectPlans(ctx).where(eq(plans.id, id)))[0] ?? null;
}

function selectPlans(ctx: Ctx) {
  return ctx.db
    .select({
      id: plans.id,
      name: plans.name,
      vendor: plans.vendor,
      tool: plans.tool,
      seats: plans.seats,
      feePerSeatUsd: plans.feePerSeatUsd,
      startDate: plans.startDate,
      endDate: plans.endDate,
      includedRequestsPerSeat: plans.includedRequestsPerSeat,
      monthlyFeeUsd: sql<string>`(${plans.seats} * ${plans.feePerSeatUsd})::numeric(30, 10)::text`,
      updatedAt: plans.updatedAt,
      seatHolders: sql<
        string[]
      >`coalesce((select array_agg(p.email order by p.email) from plan_seat_holders h join people p on p.id = h.person_id where h.plan_id = "plans"."id"), '{}')`,
    })
    .from(plans)
    .$dynamic();
}
