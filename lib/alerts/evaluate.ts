import "server-only";
import type { DbOrTx } from "@/db/client";
import { type DeliveryReport, deliverPendingAlerts } from "./deliver-alerts";
import { detectAnomalies } from "./detect-anomalies";
import { detectRunawaySessions } from "./detect-runaway";
import { evaluateBudgets } from "./evaluate-budgets";

export interface EvaluationReport {
  budgetAlerts: number;
  anomalies: number;
  runaway: number;
  delivery: DeliveryReport;
}

/**
 * One evaluator run: budget thresholds, anomalies, runaway sessions, then the outbox. Runs every
 * BURNRATE_EVAL_INTERVAL_SECONDS from the job runner, and may run concurrently on several instances.
 */
export async function runAlertEvaluation(db: DbOrTx, now = new Date()): Promise<EvaluationReport> {
  const budgetAlerts = await evaluateBudgets(db, now);
  const anomalies = await detectAnomalies(db, now);
  const runaway = await detectRunawaySessions(db, now);
  const delivery = await deliverPendingAlerts(db);
  return { budgetAlerts: budgetAlerts.length, anomalies: anomalies.length, runaway: runaway.length, delivery };
}
