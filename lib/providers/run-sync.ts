import { and, eq, lt, sql } from "drizzle-orm";
import { type ProviderRunResult, providerSyncRuns } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { syncTool } from "@/lib/coding-tools/sync-tool";
import type { ToolSource } from "@/lib/coding-tools/types";
import { env } from "@/lib/env";
import { clientFor, isCodingTool, resolveConnections, sourceFor } from "./connections";
import type { RetryPolicy } from "./fetch-report";
import { syncProvider } from "./sync-provider";
import type { ProviderClient } from "./types";

export type SyncTrigger = "schedule" | "cron" | "manual" | "connect";

export interface SyncSummary {
  runId: string;
  status: "ok" | "partial" | "failed";
  startedAt: Date;
  finishedAt: Date;
  rows: number;
  providers: ProviderRunResult[];
}

export interface SyncOptions {
  trigger: SyncTrigger;
  now?: Date;
  /** Tests and the benchmark hand in clients; otherwise they come from the environment and Settings. */
  clients?: ProviderClient[];
  /** The coding tools' sources, handed in with `clients` (otherwise from the environment and Settings). */
  sources?: ToolSource[];
  policy?: RetryPolicy;
  /** Days a provider's first run reads back; default BURNRATE_SYNC_BACKFILL_DAYS (90). */
  backfillDays?: number;
}

export interface SyncRunLease {
  id: string;
  startedAt: Date;
}

/** A run whose instance died stops holding the lease once its heartbeat is this old. */
const STALE_AFTER_MINUTES = 10;

/**
 * Claims the one running slot (a partial unique index on status = 'running'), or returns null when another run —
 * from any instance and any trigger — holds it.
 */
export async function claimSyncRun(ctx: Ctx, trigger: SyncTrigger): Promise<SyncRunLease | null> {
  const { db } = ctx;
  await db
    .update(providerSyncRuns)
    .set({ status: "failed", finishedAt: sql`now()` })
    .where(
      and(
        eq(providerSyncRuns.status, "running"),
        lt(providerSyncRuns.heartbeatAt, sql`now() - make_interval(mins => ${STALE_AFTER_MINUTES})`),
      ),
    );
  const [run] = await db
    .insert(providerSyncRuns)
    .values({ trigger, status: "running" })
    .onConflictDoNothing()
    .returning({ id: providerSyncRuns.id, startedAt: providerSyncRuns.startedAt });
  return run ?? null;
}

/** Runs every connected provider and coding tool side by side (one failing never stops another) under a claimed run. */
export async function executeSyncRun(ctx: Ctx, run: SyncRunLease, options: SyncOptions): Promise<SyncSummary> {
  const { db } = ctx;
  const now = options.now ?? new Date();
  const backfillDays = options.backfillDays ?? (options.clients ? undefined : env().BURNRATE_SYNC_BACKFILL_DAYS);
  let clients = options.clients;
  let sources = options.clients ? (options.sources ?? []) : undefined;
  const failures: ProviderRunResult[] = [];
  try {
    if (!clients || !sources) {
      const { configs, problems } = await resolveConnections(ctx);
      clients = configs.filter((c) => !isCodingTool(c.provider)).map((c) => clientFor(c, options.policy));
      sources = configs.filter((c) => isCodingTool(c.provider)).map((c) => sourceFor(c, options.policy));
      for (const p of problems) {
        if (configs.some((c) => c.provider === p.provider)) continue;
        failures.push(failedResult(p.provider, p.error));
      }
    }
    const live = new Map<string, ProviderRunResult>();
    const report = async (r: ProviderRunResult) => {
      live.set(r.provider, { ...r });
      await db
        .update(providerSyncRuns)
        .set({ providers: [...live.values(), ...failures], heartbeatAt: sql`now()` })
        .where(eq(providerSyncRuns.id, run.id));
    };
    const results = [
      ...(await Promise.all([
        ...clients.map((c) => syncProvider(ctx, c, now, report, backfillDays)),
        ...sources.map((s) => syncTool(ctx, s, now, report, backfillDays)),
      ])),
      ...failures,
    ];
    return await finish(db, run, results);
  } catch (err) {
    console.error("[burnrate] provider sync run failed", err);
    const failed = [...(clients ?? []).map((c) => c.provider), ...(sources ?? []).map((s) => s.source)].map((p) =>
      failedResult(p, "Internal error; see the server log."),
    );
    return await finish(db, run, [...failures, ...failed]);
  }
}

function failedResult(provider: ProviderRunResult["provider"], error: string): ProviderRunResult {
  return { provider, from: "", to: "", usageRows: 0, costRows: 0, pages: 0, progress: 0, status: "failed", error };
}

async function finish(db: Ctx["db"], run: SyncRunLease, providers: ProviderRunResult[]): Promise<SyncSummary> {
  const failed = providers.filter((p) => p.status === "failed").length;
  const status = failed === 0 ? "ok" : failed === providers.length ? "failed" : "partial";
  const rows = providers.reduce((n, p) => n + p.usageRows + p.costRows, 0);
  const [done] = await db
    .update(providerSyncRuns)
    .set({ status, finishedAt: sql`now()`, rows, providers })
    .where(eq(providerSyncRuns.id, run.id))
    .returning({ finishedAt: providerSyncRuns.finishedAt });
  return { runId: run.id, status, startedAt: run.startedAt, finishedAt: done?.finishedAt ?? new Date(), rows, providers };
}

/** Claims and runs a sync to the end; `null` when another run holds the slot. */
export async function runProviderSync(ctx: Ctx, options: SyncOptions): Promise<SyncSummary | null> {
  const run = await claimSyncRun(ctx, options.trigger);
  return run ? executeSyncRun(ctx, run, options) : null;
}
