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
 * A step another capability adds to the evaluator run, before the outbox is delivered (the weekly review digest,
 * lib/review/digest.ts): alerts does not import its callers' capabilities, they hand their steps in.
 */
export interface EvaluationStep {
  name: string;
  run: (ctx: Ctx, now: Date) => Promise<unknown>;
}

/**
 * One evaluator run: budget thresholds, anomalies, runaway sessions, customer quotas, the steps handed in (the weekly
 * review digest, once a week), then the outbox. Runs every BURNRATE_EVAL_INTERVAL_SECONDS from the job runner, and
 * may run concurrently on several instances.
 */
export async function runAlertEvaluation(ctx: Ctx, now = new Date(), steps: readonly EvaluationStep[] = []): Promise<EvaluationReport> {
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
  for (const extra of steps) await step(extra.name, () => extra.run(ctx, now), null);
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
