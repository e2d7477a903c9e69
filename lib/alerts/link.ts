import "server-only";
import { env } from "@/lib/env";

/** An absolute link into the app for alert messages: AUTH_URL's origin when set (the public address), else localhost. */
export function appLink(path: string): string {
  const configured = env().AUTH_URL;
  const origin = configured ? new URL(configured).origin : "http://localhost:3000";
  return `${origin}${path}`;
}

/** The first of these the link does not already filter on: what the spend is broken down by. */
const BREAKDOWN = ["team", "feature", "model", "user", "workflow", "repo"] as const;

interface SpendView {
  from: string;
  to: string;
  filters: Record<string, string>;
  measure?: "cost" | "effective" | "list";
}

/** The Spend explorer over a period and filters (one parameter per dimension, as `GET /api/v1/spend` reads it). */
export function spendLink(view: SpendView, groupBy?: string): string {
  const params = new URLSearchParams({ from: view.from, to: view.to });
  for (const [dimension, value] of Object.entries(view.filters)) params.append(dimension, value);
  params.set("group_by", groupBy ?? BREAKDOWN.find((d) => !(d in view.filters)) ?? "provider");
  if (view.measure && view.measure !== "cost") params.set("measure", view.measure);
  return appLink(`/spend?${params}`);
}

/**
 * Each alert's "Open in Burnrate": the screen that explains it, open to everyone who reads dashboards.
 * A budget → the explorer over its filters, period and measure (the spend it counts, broken down);
 * an anomaly → the explorer on that value and day; a runaway session → the session; a quota → the explorer on that
 * customer's production usage that month; the weekly digest → that week's review.
 */
export const alertLinks = {
  budget: (b: { filters: Record<string, string>; measure: SpendView["measure"] }, period: { start: string; end: string }) =>
    spendLink({ from: period.start, to: period.end, filters: b.filters, measure: b.measure }),
  anomaly: (dimension: string, value: string, day: string) =>
    spendLink({ from: day, to: day, filters: { [dimension]: value } }, dimension === "model" ? "feature" : "model"),
  runaway: (session: string) => appLink(`/sessions/${encodeURIComponent(session)}`),
  quota: (q: { customer: string; feature: string; environment: string; firstDay: string; lastDay: string }) =>
    spendLink(
      {
        from: q.firstDay,
        to: q.lastDay,
        filters: { customer: q.customer, environment: q.environment, ...(q.feature ? { feature: q.feature } : {}) },
      },
      q.feature ? "model" : "feature",
    ),
  digest: (week: string) => appLink(`/review?week=${encodeURIComponent(week)}`),
};
