import type { Db } from "@/db/client";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/http/app-error";
import { claimSyncRun, executeSyncRun, type SyncTrigger } from "./run-sync";

/**
 * "Sync now" (and a first connection's backfill): claims the run slot now, so the answer says whether it started,
 * then runs in the background; the screen follows its progress in the sync history.
 */
export async function startProviderSync(ctx: Ctx, trigger: SyncTrigger = "manual"): Promise<{ runId: string }> {
  assertCan(ctx.actor, "settings:manage");
  const db = ctx.db as Db;
  const run = await claimSyncRun(db, trigger);
  if (!run) throw new AppError("conflict", "A sync is already running; its progress is shown below.");
  void executeSyncRun(db, run, { trigger }).catch((err) => console.error("[burnrate] provider sync failed", err));
  return { runId: run.id };
}
