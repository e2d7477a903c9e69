import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { rollupFor } from "@/lib/dimensions/rollups";
import { usdString } from "@/lib/money";
import { normalizeModelId } from "@/lib/pricing/model-id";
import { billProviders } from "./connections";
import { ReconciliationInput } from "./schemas";

export interface ReconciliationRow {
  date: string;
  provider: string;
  model: string | null;
  reported_cost_usd: string;
  attributed_cost_usd: string;
  gap_usd: string;
  reported_input_tokens: number;
  reported_output_tokens: number;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  totals: { reported_cost_usd: string; attributed_cost_usd: string; gap_usd: string };
}

/** Events say `gpt-4.1-mini`, the bill `gpt-4.1-mini-2025-04-14`: both meet on the id without its snapshot date. */
export function matchKey(model: string): string {
  return normalizeModelId(model).replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, "");
}

/**
 * Per day × provider × model: what the provider billed (cost report; `model` null for lines naming none), what
 * events attribute (metered `cost_usd` of the synced providers), the gap, and the reported tokens in our convention.
 */
export async function getReconciliation(ctx: Ctx, input: ReconciliationInput): Promise<Reconciliation> {
  assertCan(ctx.actor, "dashboards:read");
  const { from, to } = ReconciliationInput.parse(input);
  const [costs, usage, events] = await Promise.all([
    queryRows<{ day: string; provider: string; model: string; cost: string }>(
      ctx.db,
      sql`select day::text as day, provider, model, sum(cost_usd)::text as cost from provider_costs
        where day between ${from} and ${to} and provider in ${billProviders()} group by 1, 2, 3`,
    ),
    queryRows<{ day: string; provider: string; model: string; input: string; output: string }>(
      ctx.db,
      sql`select (bucket_start at time zone 'UTC')::date::text as day, provider, model, sum(input_tokens)::text as input,
          sum(output_tokens)::text as output from provider_usage
        where bucket_start >= ${from}::date::timestamp at time zone 'UTC' and bucket_start < (${to}::date + 1)::timestamp at time zone 'UTC'
        group by 1, 2, 3`,
    ),
    queryRows<{ day: string; provider: string; model: string; cost: string }>(
      ctx.db,
      sql`select day::text as day, provider, model, sum(cost_usd)::text as cost from ${sql.identifier(rollupFor(["provider", "model"]))}
        where day between ${from} and ${to} and provider in ('openai', 'anthropic') group by 1, 2, 3`,
    ),
  ]);
  const rows = new Map<string, ReconciliationRow & { reported: Big; attributed: Big }>();
  const row = (day: string, provider: string, model: string) => {
    const key = `${day}|${provider}|${model === "" ? "" : `m:${matchKey(model)}`}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        date: day,
        provider,
        model: model === "" ? null : model,
        reported_cost_usd: "",
        attributed_cost_usd: "",
        gap_usd: "",
        reported_input_tokens: 0,
        reported_output_tokens: 0,
        reported: new Big(0),
        attributed: new Big(0),
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of costs) {
    const r = row(c.day, c.provider, c.model);
    r.reported = r.reported.plus(c.cost);
  }
  for (const u of usage) {
    const r = row(u.day, u.provider, u.model);
    r.reported_input_tokens += Number(u.input);
    r.reported_output_tokens += Number(u.output);
  }
  for (const e of events) {
    const r = row(e.day, e.provider, e.model);
    r.attributed = r.attributed.plus(e.cost);
  }
  let reported = new Big(0);
  let attributed = new Big(0);
  const out: ReconciliationRow[] = [...rows.values()]
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.provider.localeCompare(b.provider) || (a.model ?? "\uffff").localeCompare(b.model ?? "\uffff"),
    )
    .map(({ reported: rep, attributed: att, ...r }) => {
      reported = reported.plus(rep);
      attributed = attributed.plus(att);
      return { ...r, reported_cost_usd: usdString(rep), attributed_cost_usd: usdString(att), gap_usd: usdString(rep.minus(att)) };
    });
  return {
    rows: out,
    totals: {
      reported_cost_usd: usdString(reported),
      attributed_cost_usd: usdString(attributed),
      gap_usd: usdString(reported.minus(attributed)),
    },
  };
}
