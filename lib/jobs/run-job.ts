import type { DbOrTx } from "@/db";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { assertCan, type Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

export type JobSchedule = { everySeconds: number } | { cron: string };

/**
 * A background job. However a run is asked for — the scheduler on any instance, the cron route, a button — it goes
 * through `claimJob`: the job's system context is built there, the job's one-run slot claimed, then the handler run.
 * Handlers are written as methods so a job with its own data and lease types fits the runner's list.
 */
export interface JobDefinition<Data = unknown, Lease = unknown, Result = unknown> {
  name: string;
  /** Run every n seconds (sub-minute is fine), or on a cron expression (pg-boss cron, UTC, minute resolution). */
  schedule: JobSchedule;
  /** What a scheduled run is handed (triggered runs bring their own). */
  scheduledData?: Data;
  /**
   * A cron job also runs when the runner starts and every hour, for a time the app or its database was down at (the
   * handler decides whether it is due).
   */
  catchUp?: boolean;
  /**
   * Takes the job's one-run slot across instances, whether or not they run the scheduler; `null` while another run
   * holds it. Without one, a job relies on the queue's exclusivity and exactly-once keys in the database.
   */
  claim?(ctx: Ctx, data: Data): Promise<Lease | null>;
  handler(ctx: Ctx, data: Data, lease: Lease): Promise<Result>;
  /** What a caller who triggers the job must be allowed to do. */
  permission?: Permission;
  /** The `conflict` message a trigger answers while a run holds the slot. */
  busyMessage?(data: Data): string;
}

export function defineJob<Data = undefined, Lease = undefined, Result = unknown>(
  job: JobDefinition<Data, Lease, Result>,
): JobDefinition<Data, Lease, Result> {
  return job;
}

export interface ClaimedRun<Lease, Result> {
  lease: Lease;
  run: () => Promise<Result>;
}

/** The one way into a job: its system context, then its slot; `null` when a run holds the slot. */
export async function claimJob<D, L, R>(db: DbOrTx, job: JobDefinition<D, L, R>, data: D): Promise<ClaimedRun<L, R> | null> {
  const ctx = systemContext(db, job.name);
  const lease = job.claim ? await job.claim(ctx, data) : (undefined as L);
  if (lease === null) return null;
  return { lease, run: () => job.handler(ctx, data, lease) };
}

async function claimForCaller<D, L, R>(caller: Ctx, job: JobDefinition<D, L, R>, data: D): Promise<ClaimedRun<L, R>> {
  if (job.permission) assertCan(caller.actor, job.permission);
  const claimed = await claimJob(caller.db, job, data);
  if (!claimed) throw new AppError("conflict", job.busyMessage?.(data) ?? `The job ${job.name} is already running.`);
  return claimed;
}

/**
 * Runs a job now, in this process, for a caller who waits for its result (the cron route). It does not need the
 * scheduler (BURNRATE_JOBS=off): the slot keeps it to one run across instances. `conflict` while a run holds it.
 */
export async function runJobNow<D, L, R>(caller: Ctx, job: JobDefinition<D, L, R>, data: D): Promise<R> {
  return (await claimForCaller(caller, job, data)).run();
}

/** Starts a job now and answers once it holds the slot (Sync now); the run goes on in the background. */
export async function startJobNow<D, L, R>(caller: Ctx, job: JobDefinition<D, L, R>, data: D): Promise<L> {
  const { lease, run } = await claimForCaller(caller, job, data);
  void run().catch((err) => console.error(`[burnrate] job ${job.name} failed:`, err));
  return lease;
}
