/**
 * The demo's budgets, sized to its story: a daily one on the feature whose prompt change spiked (all three thresholds
 * on the anomaly day), the growth team's weekly one (passed as its usage grows), and the company's monthly one.
 * No webhook: their alerts show on the Alerts screen. Made by replayDemoAlerts (alerts.ts), which evaluates each at
 * the ends of its past periods.
 */
export const DEMO_BUDGETS = [
  { name: "Extraction, per day", amount_usd: "5", period: "day", filters: { feature: "extract" } },
  { name: "Growth team, per week", amount_usd: "60", period: "week", filters: { team: "growth" } },
  { name: "All AI spend, per month", amount_usd: "900", period: "month", filters: {} },
] as const;
