/**
 * What counts as customer usage (shown on the Customers screen and in the README): an event with a `customer`,
 * in the `production` environment, whose customer is not on the `internal` tier. Everything else — other
 * environments (test, staging, dev…) and internal-tier customers — is kept apart unless the screen's toggle
 * includes it. Of customer usage, `billable: true` events are billable; quotas and the billing export count
 * billable usage only.
 */
export const CUSTOMER_ENVIRONMENT = "production";
export const QUOTA_THRESHOLDS = [80, 100] as const;
export const CUSTOMER_TIERS = ["free", "trial", "paid", "internal"] as const;
export const QUOTA_METRICS = ["tokens", "requests", "cost_usd"] as const;

export const RULES_TEXT = [
  `Customer usage: events with a customer, in the "${CUSTOMER_ENVIRONMENT}" environment, from customers not on the internal tier.`,
  "Billable: customer usage sent with billable true (the default); non-billable usage is cost to serve but not billed.",
  "Quotas count billable customer usage per calendar month (UTC); tokens = input + output.",
  `Quota alerts fire at ${QUOTA_THRESHOLDS.join(" % and ")} %, once per customer, quota, month and threshold.`,
  "Margin = monthly revenue − AI cost to serve (all customer usage, billable or not); margin % = margin ÷ revenue.",
];
