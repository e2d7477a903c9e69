import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { planFeeLines } from "@/lib/plans/fee-lines";
import type { Dimension } from "./dimensions";
import type { SpendInput } from "./schemas";

const ZERO = "0.0000000000";

/**
 * `totals.plan_fees_usd` of `/api/v1/spend`: the plan fees of the range. A fee belongs to its plan (`plan`), to the
 * `plan` surface and to its vendor (`provider`), and to no team, model or other dimension — so a filter on any other
 * dimension leaves no fee in the range (those dimensions' metered spend is in `cost_usd`).
 */
export async function sumPlanFees(ctx: Ctx, input: Pick<SpendInput, "from" | "to" | "filters">): Promise<string> {
  const where: SQL[] = [];
  for (const [dim, values] of Object.entries(input.filters) as [Dimension, (string | number | boolean | null)[]][]) {
    const present = values.filter((v): v is string => typeof v === "string");
    if (dim === "surface") {
      if (!present.includes("plan")) return ZERO;
    } else if (dim === "plan" || dim === "provider") {
      if (present.length === 0) return ZERO;
      const col = dim === "plan" ? sql`name` : sql`vendor`;
      where.push(
        sql`${col} in (${sql.join(
          present.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
    } else {
      return ZERO;
    }
  }
  const [row] = await queryRows<{ fee: string }>(
    ctx.db,
    sql`select coalesce(sum(fee_usd::numeric), 0)::numeric(30, 10)::text as fee from (${planFeeLines(input.from, input.to)}) f
      ${where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``}`,
  );
  return row?.fee ?? ZERO;
}
