import "server-only";
import { asc, sql } from "drizzle-orm";
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
    .orderBy(asc(plans.name));
}
