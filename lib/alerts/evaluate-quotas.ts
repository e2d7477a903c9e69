import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { quotaUsages } from "@/lib/customers/get-usage";
import { reachedThresholds } from "@/lib/customers/margins";
import { allCustomers } from "@/lib/customers/queries";
import { CUSTOMER_ENVIRONMENT, QUOTA_THRESHOLDS } from "@/lib/customers/rules";
import { byCustomer, usageSlices } from "@/lib/customers/usage";
import { monthOf, monthRange } from "@/lib/dates/months";
import { formatCount, formatUsd } from "@/lib/format";
import { globalAlertWebhook } from "./destination";
import { fireAlert } from "./fire-alert";
import { alertLinks } from "./link";

export interface FiredQuotaAlert {
  id: string;
  customer: string;
  metric: string;
  feature: string;
  threshold: number;
  month: string;
}

/**
 * Fires 80 % and 100 % of every customer quota in the current month (an extension of DESIGN §3.6's kinds: `quota`).
 * Exactly once per customer, metric, feature, month and threshold, whatever number of evaluators race: the key
 * names the quota by what it limits, not by its row, so deleting and re-adding the same quota does not fire again.
 */
export async function evaluateQuotas(ctx: Ctx, now = new Date()): Promise<FiredQuotaAlert[]> {
  const withQuotas = (await allCustomers(ctx)).filter((c) => c.quotas.length > 0);
  if (withQuotas.length === 0) return [];
  const month = monthOf(now);
  const range = monthRange(month);
  const slices = byCustomer((await usageSlices(ctx, { firstDay: range.firstDay, lastDay: range.lastDay })).filter((s) => s.production));
  const webhookUrl = (await globalAlertWebhook(ctx))?.url ?? null;
  const fired: FiredQuotaAlert[] = [];
  for (const customer of withQuotas) {
    const usages = quotaUsages(customer, slices.get(customer.externalId) ?? []);
    for (const [i, q] of usages.entries()) {
      const feature = customer.quotas[i]?.feature ?? "";
      for (const threshold of reachedThresholds(q.used, q.limit, QUOTA_THRESHOLDS)) {
        const show = (v: string) => (q.metric === "cost_usd" ? formatUsd(v) : `${formatCount(Number(v))} ${q.metric}`);
        const message = `${customer.name} (${customer.externalId}) reached ${threshold} % of its ${q.metric === "cost_usd" ? "dollar" : q.metric === "tokens" ? "token" : "request"} quota${feature ? ` for ${feature}` : ""}: ${show(q.used)} of ${show(q.limit)} (${q.percent} %) in ${month}.`;
        const id = await fireAlert(ctx, {
          dedupeKey: `quota:${customer.id}:${q.metric}:${month}:${threshold}:${feature}`,
          kind: "quota",
          threshold,
          periodStart: range.firstDay,
          subject: customer.name,
          message,
          details: {
            customer: customer.externalId,
            customer_name: customer.name,
            metric: q.metric,
            feature: feature || null,
            threshold,
            limit: q.limit,
            used: q.used,
            percent: q.percent,
            month,
            link: alertLinks.quota({
              customer: customer.externalId,
              feature,
              environment: CUSTOMER_ENVIRONMENT,
              firstDay: range.firstDay,
              lastDay: range.lastDay,
            }),
          },
          webhookUrl,
        });
        if (id) fired.push({ id, customer: customer.externalId, metric: q.metric, feature, threshold, month });
      }
    }
  }
  return fired;
}
