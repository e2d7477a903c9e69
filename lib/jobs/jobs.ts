import "server-only";
import type { Db } from "@/db";
import { runBackfills } from "@/lib/aggregates/backfill";
import { foldAggregates } from "@/lib/aggregates/fold";
import { runAlertEvaluation } from "@/lib/alerts/evaluate";
import { env } from "@/lib/env";
import { convertEvents } from "@/lib/partitions/convert";
import { ensureEventPartitions } from "@/lib/partitions/maintain";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { applyRetention } from "@/lib/partitions/retention";
import { claimRepriceJob, runRepriceJob } from "@/lib/prices/reprice";
import { resolveConnections } from "@/lib/providers/connections";
import { claimSyncRun, executeSyncRun, type SyncTrigger } from "@/lib/providers/run-sync";
import { sendWeeklyDigest } from "@/lib/review/digest";
import { defineJob, type JobDefinition } from "./run-job";
import { registerJob } from "./runner";

// Every background job of the app: its name, schedule and handler. Schedules read the environment when the runner
// starts (getters), not when this module loads.

export const alertsEvaluateJob = defineJob({
  name: "alerts-evaluate",
  get schedule() {
    return { everySeconds: env().BURNRATE_EVAL_INTERVAL_SECONDS };
  },
  handler: async (ctx) => {
    await runAlertEvaluation(ctx);
  },
});

/**
 * Provider usage and cost sync: on its schedule, from `POST /api/v1/cron/sync` and from Sync now (and a first
 * connection's backfill). Its slot is the running row in provider_sync_runs, which is also the record of runs
 * and the progress the Settings screen shows.
 */
export const providerSyncJob = defineJob({
  name: "provider-sync",
  get schedule() {
    return { everySeconds: env().BURNRATE_SYNC_INTERVAL_MINUTES * 60 };
  },
  scheduledData: { trigger: "schedule" as SyncTrigger },
  // A scheduled tick with no provider connected records no run.
  claim: async (ctx, { trigger }) => {
    if (trigger === "schedule") {
      const { configs, problems } = await resolveConnections(ctx);
      if (configs.length + problems.length === 0) return null;
    }
    return claimSyncRun(ctx, trigger);
  },
  handler: (ctx, { trigger }, run) => executeSyncRun(ctx, run, { trigger }),
  permission: "settings:manage",
  busyMessage: ({ trigger }) =>
    trigger === "cron"
      ? "A provider sync is already running; try again when it has finished."
      : "A sync is already running; its progress is shown below.",
});

/**
 * Last week's review digest, Monday 09:00 UTC; it also runs when the runner starts and hourly, so a Monday 09:00 the
 * app or its database was down at still gets its digest (sendWeeklyDigest decides it is due, and finds it sent in one
 * read). The dedupe key makes it once per week.
 */
export const weeklyDigestJob = defineJob({
  name: "weekly-digest",
  schedule: { cron: "0 9 * * 1" },
  catchUp: true,
  handler: (ctx) => sendWeeklyDigest(ctx),
});

/**
 * Repricing stored events (lib/prices/reprice.ts). `POST /api/v1/prices/reprice` queues a job and starts it at once;
 * this tick takes over a queued job nobody started, or a running one whose instance stopped beating, and resumes it
 * from its cursor.
 */
export const priceRepriceJob = defineJob({
  name: "prices-reprice",
  schedule: { everySeconds: 60 },
  claim: (ctx) => claimRepriceJob(ctx.db),
  handler: async (ctx, _data, id: string) => {
    await runRepriceJob(ctx, id);
  },
});

/**
 * The screen aggregates (lib/aggregates/fold.ts): the days events were written to since the last run are folded into
 * the Surfaces workload rows and the weekly review, so those screens lag their events by one interval at most. Days a
 * migration queued for recomputing (lib/aggregates/backfill.ts) go first, 20 s of them per run.
 */
export const aggregatesFoldJob = defineJob({
  name: "aggregates-fold",
  get schedule() {
    return { everySeconds: env().BURNRATE_EVAL_INTERVAL_SECONDS };
  },
  handler: async (ctx) => {
    // Days a migration queued for recomputing (lib/aggregates/backfill.ts) first: the fold then folds their marks.
    await runBackfills(ctx.db as Db, { budgetMs: 20_000 });
    await foldAggregates(ctx.db as Db);
  },
});

/**
 * The monthly partitions of `events` (lib/partitions): finishes converting a table that had data when migration 0025
 * ran (a time budget per run, resumed from its cursor), then keeps a partition ready for this month and the next ones
 * and moves strays out of the default partition; with BURNRATE_RETENTION_MONTHS, drops the raw events of the months
 * before the retention period (lib/partitions/retention.ts).
 */
export const eventPartitionsJob = defineJob({
  name: "event-partitions",
  schedule: { everySeconds: 60 },
  handler: async (ctx) => {
    const db = ctx.db as Db;
    const conversion = await convertEvents(db, { budgetMs: 45_000 });
    if (conversion.pending && !conversion.swapped) return;
    const now = new Date();
    const months = env().BURNRATE_RETENTION_MONTHS;
    await ensureEventPartitions(db, now, retentionKeepFrom(now, months));
    if (months !== undefined) await applyRetention(db, now, months);
  },
});

export const APP_JOBS: JobDefinition[] = [
  alertsEvaluateJob,
  aggregatesFoldJob,
  providerSyncJob,
  weeklyDigestJob,
  priceRepriceJob,
  eventPartitionsJob,
];

/** Registers every job with the runner, once at start (instrumentation → lib/start.ts). */
export function registerAppJobs(): void {
  for (const job of APP_JOBS) registerJob(job);
}
