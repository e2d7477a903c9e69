/**
 * `npm run bench:customers`: the Customers screen (six months of usage from the customer rollup), the §3.9 usage API
 * and the billing CSV on real PostgreSQL, with BENCH_CUSTOMERS customers (each with a quota) sending BENCH_EVENTS
 * events over six months, every one of them a distinct (customer, feature, day) mix. Prints p50/p95 of each read.
 *
 * Options (env): BENCH_EVENTS (default 300000), BENCH_CUSTOMERS (2000), BENCH_RUNS (10), BENCH_DATABASE_URL (a role
 * that may CREATE DATABASE; default: a throwaway local cluster).
 */
import { openDb } from "@/db";
import { customerQuotas, customers } from "@/db/schema";
import { evaluateQuotas } from "@/lib/alerts/evaluate-quotas";
import { systemContext } from "@/lib/auth/actor";
import { getCustomerUsage } from "@/lib/customers/get-usage";
import { getCustomersReport } from "@/lib/customers/report";
import { customerUsageCsv } from "@/lib/customers/usage-csv";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createBenchDatabase } from "./bench/database";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"];
const FEATURES = ["chat", "search", "agent", "summarise", "extract"];
const ENVIRONMENTS = ["production", "production", "production", "production", "staging", "test"];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(52)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(7)} ms`,
  );
}

async function main() {
  const bench = await createBenchDatabase("burnrate_bench_customers");
  const handle = await openDb({ url: bench.url, poolMax: 8 });
  try {
    const db = handle.db;
    const rows = await db
      .insert(customers)
      .values(
        Array.from({ length: CUSTOMERS }, (_, i) => ({
          externalId: `cust-${i}`,
          name: `Customer ${i}`,
          tier: (i % 50 === 0 ? "internal" : i % 3 === 0 ? "free" : "paid") as "internal" | "free" | "paid",
          monthlyRevenueUsd: String(i % 3 === 0 ? 0 : 99),
        })),
      )
      .returning({ id: customers.id });
    await db
      .insert(customerQuotas)
      .values(rows.map((r, i) => ({ customerId: r.id, metric: "tokens" as const, limit: String(1_000_000 + i) })));

    const started = performance.now();
    const now = new Date("2026-06-30T23:00:00Z");
    for (let i = 0; i < EVENTS; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => {
        const n = i + j;
        const month = MONTHS[n % MONTHS.length] as string;
        return {
          id: `b${n}`,
          timestamp: `${month}-${String(1 + (n % 28)).padStart(2, "0")}T${String(n % 24).padStart(2, "0")}:00:00Z`,
          provider: "openai",
          model: "gpt-4.1-mini",
          input_tokens: 1000 + (n % 500),
          output_tokens: 200,
          cost_usd: `0.00${100 + (n % 900)}`,
          customer: `cust-${(n * 7919) % CUSTOMERS}`,
          feature: FEATURES[n % FEATURES.length],
          environment: ENVIRONMENTS[n % ENVIRONMENTS.length],
          billable: n % 10 !== 0,
        };
      });
      const r = await ingestEvents(systemContext(db), batch, now);
      if (r.accepted !== batch.length) throw new Error(`rejected: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
    console.log(
      `seeded ${EVENTS} events, ${CUSTOMERS} customers with a quota each, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const ctx = systemContext(db, "bench");
    await time("Customers screen (getCustomersReport, 6 months)", () => getCustomersReport(ctx, { month: "2026-06", includeAll: false }));
    await time("Customers screen, internal/test/staging included", () => getCustomersReport(ctx, { month: "2026-06", includeAll: true }));
    await time("GET …/customers/{customer}/usage (getCustomerUsage)", () => getCustomerUsage(ctx, "cust-17", "2026-06"));
    await time("GET …/customers/usage.csv (customerUsageCsv)", () => customerUsageCsv(ctx, "2026-06"));
    await time("quota evaluation (all quotas, this month)", () => evaluateQuotas(systemContext(db), new Date("2026-06-30T23:30:00Z")));
  } finally {
    await handle.close();
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
