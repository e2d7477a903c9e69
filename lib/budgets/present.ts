import Big from "big.js";
import type { BudgetStatus } from "./queries";

/** Shows where a webhook goes without the secret path (Slack webhook URLs are credentials). */
export function maskWebhookUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const tail = u.pathname.length > 4 ? u.pathname.slice(-4) : "";
    return `${u.protocol}//${u.host}/…${tail}`;
  } catch {
    return "…";
  }
}

/** A budget as the API shows it (DESIGN §3.6), with its current period's status; the webhook URL masked unless asked. */
export function toApiBudget(b: BudgetStatus, opts: { revealWebhook?: boolean } = {}) {
  return {
    id: b.id,
    name: b.name,
    amount_usd: new Big(b.amountUsd).toFixed(),
    period: b.period,
    filters: b.filters,
    thresholds: b.thresholds,
    measure: b.measure,
    ...(b.webhookUrl ? { webhook_url: opts.revealWebhook ? b.webhookUrl : maskWebhookUrl(b.webhookUrl) } : {}),
    created_at: b.createdAt.toISOString(),
    period_start: b.periodStart,
    period_end: b.periodEnd,
    spent_usd: b.spentUsd,
    remaining_usd: b.remainingUsd,
    percent: b.percent,
    forecast_usd: b.forecastUsd,
    projected_exceed_date: b.projectedExceedDate,
  };
}

/** One budget of a check answer: exactly the contract's fields. */
export function toCheckBudget(b: BudgetStatus) {
  return {
    id: b.id,
    name: b.name,
    period: b.period,
    measure: b.measure,
    amount_usd: new Big(b.amountUsd).toFixed(),
    spent_usd: b.spentUsd,
    remaining_usd: b.remainingUsd,
    percent: b.percent,
  };
}
