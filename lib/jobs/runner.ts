import "server-only";
import type { DbHandle } from "@/db";
import { claimJob, type JobDefinition } from "./run-job";

/**
 * Background jobs on pg-boss (Postgres-backed; PGlite through its adapter). A job registered here runs once per
 * tick across every instance: each instance offers a run every `everySeconds` with a pg-boss singleton slot of
 * the same length (one job per slot, whoever sends first) on an `exclusive` queue (never two runs at once), and
 * any instance's worker picks it up. Every run goes through `claimJob` (lib/jobs/run-job.ts), the same function the
 * cron route and Sync now use, so a job with a slot of its own (provider sync) never overlaps a triggered run.
 * Jobs must still be safe to run twice: exactly-once effects belong in the database (unique keys), not in the
 * scheduler.
 */
type Boss = import("pg-boss").PgBoss;

interface RunnerState {
  boss: Boss;
  timers: NodeJS.Timeout[];
}

const jobs = new Map<string, JobDefinition>();
const store = globalThis as unknown as { __burnrateJobs?: Promise<RunnerState> };

export function registerJob(job: JobDefinition): void {
  jobs.set(job.name, job);
}

/** Starts pg-boss on the app's database and every registered job. Idempotent per process. */
export function startJobs(handle: Pick<DbHandle, "kind" | "db">, url?: string): Promise<void> {
  store.__burnrateJobs ??= start(handle, url);
  store.__burnrateJobs.catch(() => {
    store.__burnrateJobs = undefined;
  });
  return store.__burnrateJobs.then(() => undefined);
}

export async function stopJobs(): Promise<void> {
  const running = store.__burnrateJobs;
  store.__burnrateJobs = undefined;
  if (!running) return;
  const { boss, timers } = await running;
  for (const t of timers) clearInterval(t);
  await boss.stop({ graceful: true, timeout: 10_000 });
}

/** pg-boss refuses an expiry over 24 hours: ten intervals, at least a minute, at most a day. */
export function expireInSeconds(everySeconds: number | null): number {
  return Math.min(MAX_EXPIRE_SECONDS, Math.max(60, (everySeconds ?? 60) * 10));
}

/** pg-boss polls at most every 500 ms. */
export function pollingIntervalSeconds(everySeconds: number | null): number {
  return Math.max(0.5, Math.min(2, (everySeconds ?? 60) / 2));
}

const MAX_EXPIRE_SECONDS = 24 * 60 * 60;
const CATCH_UP_SECONDS = 60 * 60;

async function start(handle: Pick<DbHandle, "kind" | "db">, url?: string): Promise<RunnerState> {
  const { PgBoss, fromPglite } = await import("pg-boss");
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ db: fromPglite((handle.db as unknown as { $client: Parameters<typeof fromPglite>[0] }).$client), backend: "pglite" })
      : new PgBoss({ connectionString: url, max: 3, application_name: "burnrate-jobs" });
  boss.on("error", (err) => console.error("[burnrate] job runner:", err instanceof Error ? err.message : err));
  await boss.start();
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs.values()) {
    const every = "everySeconds" in job.schedule ? job.schedule.everySeconds : null;
    await boss.createQueue(job.name, { policy: "exclusive", retryLimit: 0, expireInSeconds: expireInSeconds(every) });
    await boss.work(job.name, { pollingIntervalSeconds: pollingIntervalSeconds(every) }, async () => {
      // Null: a triggered run holds the job's slot; this tick has nothing to do.
      const claimed = await claimJob(handle.db, job, job.scheduledData);
      await claimed?.run();
    });
    if (every === null) await boss.schedule(job.name, (job.schedule as { cron: string }).cron, null, { tz: "UTC" });
    // pg-boss cron does not run a time it missed: a catching-up job is also offered at start and hourly.
    const offerEvery = every ?? (job.catchUp ? CATCH_UP_SECONDS : null);
    if (offerEvery === null) continue;
    const offer = () =>
      boss
        .send(job.name, null, { singletonSeconds: offerEvery, singletonKey: job.name })
        .catch((err) => console.error(`[burnrate] job ${job.name}: could not schedule:`, err instanceof Error ? err.message : err));
    void offer();
    const timer = setInterval(offer, offerEvery * 1000);
    timer.unref();
    timers.push(timer);
  }
  return { boss, timers };
}
