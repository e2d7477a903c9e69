import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { monthRange } from "@/lib/dates/months";
import { AppError } from "@/lib/errors";
import { addUsage, limitValue, quotaPercent, quotaUsed, type Usage, ZERO_USAGE } from "./margins";
import { type Customer, customerByExternalId, type Quota } from "./queries";
import { ExternalId } from "./schemas";
import { type UsageSlice, usageSlices } from "./usage";

export interface QuotaUsage {
  metric: Quota["metric"];
  /** Present when the quota covers one feature only. */
  feature?: string;
  limit: string;
  used: string;
  percent: number;
}

/** DESIGN §3.9: a customer's month, what a product calls to enforce fair use or show a customer its usage. */
export interface CustomerUsage {
  customer: string;
  month: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  billable_cost_usd: string;
  quotas: QuotaUsage[];
}

/** Production usage only (test and staging never count against a customer); quotas measure its billable part. */
export async function getCustomerUsage(ctx: Ctx, customer: string, month: string): Promise<CustomerUsage> {
  assertCan(ctx.actor, "dashboards:read");
  const parsed = ExternalId.safeParse(customer);
  if (!parsed.success) throw new AppError("not_found", "No such customer id: ids are 1 to 200 characters without control characters.");
  const id = parsed.data;
  const range = monthRange(month);
  const [registered, slices] = await Promise.all([
    customerByExternalId(ctx, id),
    usageSlices(ctx, { firstDay: range.firstDay, lastDay: range.lastDay, customer: id }),
  ]);
  const production = slices.filter((s) => s.production);
  const all = sumSlices(production);
  const billable = sumSlices(production.filter((s) => s.billable));
  return {
    customer: id,
    month,
    requests: all.requests,
    input_tokens: all.input_tokens,
    output_tokens: all.output_tokens,
    cost_usd: all.cost_usd,
    billable_cost_usd: billable.cost_usd,
    quotas: quotaUsages(registered, production),
  };
}

/** Each quota against the billable production usage it covers (one feature, or all). */
export function quotaUsages(customer: Pick<Customer, "quotas"> | null, productionSlices: UsageSlice[]): QuotaUsage[] {
  if (!customer) return [];
  const billable = productionSlices.filter((s) => s.billable);
  return customer.quotas.map((q) => {
    const used = quotaUsed(q.metric, sumSlices(q.feature === "" ? billable : billable.filter((s) => s.feature === q.feature)));
    const limit = limitValue(q.metric, q.limit);
    return { metric: q.metric, ...(q.feature ? { feature: q.feature } : {}), limit, used, percent: quotaPercent(used, limit) };
  });
}

export function sumSlices(slices: readonly UsageSlice[]): Usage {
  return slices.reduce<Usage>((acc, s) => addUsage(acc, s), ZERO_USAGE);
}
