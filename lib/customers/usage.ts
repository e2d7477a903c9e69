import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { wideRollupRelation } from "@/lib/aggregates/monthly";
import type { Ctx } from "@/lib/auth/actor";
import { CUSTOMER_ENVIRONMENT } from "./rules";

/** One slice of usage per month, customer, feature, billable flag and whether it counts as customer usage. */
export interface UsageSlice {
  month: string;
  customer: string;
  feature: string | null;
  billable: boolean;
  /** Production usage of the customer. */
  production: boolean;
  /** Production usage of a customer not on the internal tier: customer usage by the rules (lib/customers/rules.ts). */
  counted: boolean;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
}

/**
 * Usage by customer over whole months, from the rollup that keeps `customer` (maintained with every insert, so
 * this never scans events; whole months from its monthly rows). Exact sums in SQL; callers combine slices with big.js.
 */
export async function usageSlices(ctx: Ctx, input: { firstDay: string; lastDay: string; customer?: string }): Promise<UsageSlice[]> {
  const where: SQL[] = [sql`r.day between ${input.firstDay}::date and ${input.lastDay}::date`, sql`r.customer is not null`];
  if (input.customer !== undefined) where.push(sql`r.customer = ${input.customer}`);
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select to_char(date_trunc('month', r.day), 'YYYY-MM') as month, r.customer, r.feature, r.billable,
        (r.environment = ${CUSTOMER_ENVIRONMENT}) as production,
        (r.environment = ${CUSTOMER_ENVIRONMENT} and coalesce(c.tier, '') <> 'internal') as counted,
        sum(r.requests)::bigint as requests, sum(r.input_tokens)::bigint as input_tokens,
        sum(r.output_tokens)::bigint as output_tokens, sum(r.cost_usd)::numeric(30, 10)::text as cost_usd
      from ${wideRollupRelation(input.firstDay, input.lastDay)} r left join customers c on c.external_id = r.customer
      where ${sql.join(where, sql` and `)}
      group by 1, 2, 3, 4, 5, 6
      order by 1, 2, 3 nulls first, 4`,
  );
  return rows.map((r) => ({
    month: String(r.month),
    customer: String(r.customer),
    feature: r.feature === null ? null : String(r.feature),
    billable: r.billable === true || r.billable === "t",
    production: r.production === true || r.production === "t",
    counted: r.counted === true || r.counted === "t",
    requests: Number(r.requests),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    cost_usd: String(r.cost_usd),
  }));
}

/** Slices by customer id, in one pass (reports over thousands of customers must not rescan the list per customer). */
export function byCustomer(slices: readonly UsageSlice[]): Map<string, UsageSlice[]> {
  const out = new Map<string, UsageSlice[]>();
  for (const s of slices) {
    const list = out.get(s.customer);
    if (list) list.push(s);
    else out.set(s.customer, [s]);
  }
  return out;
}
