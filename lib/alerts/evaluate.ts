import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { type DeliveryReport, deliverPendingAlerts } from "./deliver-alerts";
import { detectAnomalies } from "./detect-anomalies";
import { detectRunawaySessions } from "./detect-runaway";
import { evaluateBudgets } from "./evaluate-budgets";
import { evaluateQuotas } from "./evaluate-quotas";

export interface EvaluationReport {
  budgetAlerts: number;
  anomalies: number;
  runaway: number;
  quotaAlerts: number;
  delivery: DeliveryReport;
}

/**
 * One evaluator run: budget thresholds, anomalies, runaway sessions, customer quotas, then the outbox (which also
 * delivers the weekly digest, queued by its own job). Runs every BURNRATE_EVAL_INTERVAL_SECONDS from the job runner,
 * and may run concurrently on several instances.
 */
export async function runAlertEvaluation(ctx: Ctx, now = new Date()): Promise<EvaluationReport> {
  // Each step on its own: a failing anomaly query must not hold back budget alerts or deliveries.
  const failures: unknown[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      console.error(`[burnrate] alerts: ${name} failed:`, err);
      failures.push(err);
      return fallback;
    }
  };
  const budgetAlerts = await step("budget evaluation", () => evaluateBudgets(ctx, now), []);
  const anomalies = await step("anomaly detection", () => detectAnomalies(ctx, now), []);
  const runaway = await step("runaway sessions", () => detectRunawaySessions(ctx, now), []);
  const quotaAlerts = await step("customer quotas", () => evaluateQuotas(ctx, now), []);
  const delivery = await step("delivery", () => deliverPendingAlerts(ctx), { delivered: 0, failed: 0 });
  if (failures.length > 0) throw new AggregateError(failures, "alert evaluation failed in part");
  return {
    budgetAlerts: budgetAlerts.length,
    anomalies: anomalies.length,
    runaway: runaway.length,
    quotaAlerts: quotaAlerts.length,
    delivery,
  };
}
