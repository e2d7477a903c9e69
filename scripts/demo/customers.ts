import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { addQuota, createCustomer } from "@/lib/customers/manage-customers";
import type { Customer } from "./catalog";

/**
 * The demo's customers as Settings → Customers holds them: tiers and monthly revenue, so Customers shows margins —
 * a healthy enterprise, a flat-rate plan that costs more to serve than it pays (Umbrella), a trial paying nothing — and
 * quotas, one of them passed last month and one close, so the quota bars and a quota alert show.
 */
export const DEMO_CUSTOMERS: readonly {
  external_id: Customer;
  name: string;
  tier: "paid" | "trial";
  monthly_revenue_usd: string;
  quotas: { metric: "cost_usd" | "requests" | "tokens"; limit: string; feature?: string }[];
}[] = [
  {
    external_id: "globex",
    name: "Globex Corporation",
    tier: "paid",
    monthly_revenue_usd: "500",
    quotas: [{ metric: "requests", limit: "6000" }],
  },
  { external_id: "initech", name: "Initech", tier: "paid", monthly_revenue_usd: "300", quotas: [] },
  {
    external_id: "umbrella",
    name: "Umbrella Corp",
    tier: "paid",
    monthly_revenue_usd: "49",
    quotas: [{ metric: "cost_usd", limit: "60" }],
  },
  {
    external_id: "hooli",
    name: "Hooli",
    tier: "paid",
    monthly_revenue_usd: "200",
    quotas: [{ metric: "requests", limit: "2000", feature: "chat" }],
  },
  { external_id: "soylent", name: "Soylent (trial)", tier: "trial", monthly_revenue_usd: "0", quotas: [] },
];

/** Adds the demo customers through Settings' own code path, once (when there is no customer yet). */
export async function ensureDemoCustomers(db: Db): Promise<void> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from customers`);
  if (Number(row?.n) > 0) return;
  const ctx = systemContext(db, "demo");
  for (const { quotas, ...customer } of DEMO_CUSTOMERS) {
    const { id } = await createCustomer(ctx, customer);
    for (const q of quotas) await addQuota(ctx, id, q);
  }
}
