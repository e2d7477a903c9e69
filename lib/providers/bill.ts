import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { usdString } from "@/lib/money";
import { billProviders } from "./connections";
import { type BILL_DIMENSIONS, ReconciliationInput } from "./schemas";

export type BillDimension = (typeof BILL_DIMENSIONS)[number];

export interface BillRow {
  provider: string;
  /** The dimension's value; '' = not reported (no model on the line, default workspace, no key / not in the cost report). */
  value: string;
  cost_usd: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
}

const COLUMN: Record<BillDimension, string> = { provider: "provider", model: "model", project: "project", api_key: "api_key" };

/**
 * The provider bill on its own (no events needed): cost from the cost reports and tokens from the usage reports over a
 * date range, by provider and one of model, project (OpenAI project / Anthropic workspace) or API key.
 */
export async function listProviderBill(ctx: Ctx, input: ReconciliationInput & { groupBy: BillDimension }): Promise<BillRow[]> {
  assertCan(ctx.actor, "dashboards:read");
  const { from, to } = ReconciliationInput.parse({ from: input.from, to: input.to });
  const col = sql.raw(COLUMN[input.groupBy]);
  const [costs, usage] = await Promise.all([
    queryRows<{ provider: string; value: string; cost: string }>(
      ctx.db,
      sql`select provider, ${col} as value, sum(cost_usd)::text as cost from provider_costs
        where day between ${from} and ${to} and provider in ${billProviders()} group by 1, 2`,
    ),
    queryRows<{ provider: string; value: string; requests: string; input: string; output: string }>(
      ctx.db,
      sql`select provider, ${col} as value, sum(requests)::text as requests, sum(input_tokens)::text as input,
          sum(output_tokens)::text as output from provider_usage
        where bucket_start >= ${from}::date::timestamp at time zone 'UTC' and bucket_start < (${to}::date + 1)::timestamp at time zone 'UTC'
        group by 1, 2`,
    ),
  ]);
  const rows = new Map<string, BillRow & { cost: Big }>();
  const row = (provider: string, value: string) => {
    const key = `${provider}|${value}`;
    let r = rows.get(key);
    if (!r) {
      r = { provider, value, cost_usd: "", requests: 0, input_tokens: 0, output_tokens: 0, cost: new Big(0) };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of costs) {
    const r = row(c.provider, c.value);
    r.cost = r.cost.plus(c.cost);
  }
  for (const u of usage) {
    const r = row(u.provider, u.value);
    r.requests += Number(u.requests);
    r.input_tokens += Number(u.input);
    r.output_tokens += Number(u.output);
  }
  return [...rows.values()]
    .sort((a, b) => b.cost.cmp(a.cost) || b.input_tokens - a.input_tokens)
    .map(({ cost, ...r }) => ({ ...r, cost_usd: usdString(cost) }));
}
