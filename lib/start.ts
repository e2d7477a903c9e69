import { type Db, type DbHandle, openDb } from "@/db";
import { isDatabaseUnavailable } from "@/db/errors";
import { systemContext } from "@/lib/auth/actor";
import { bootstrap } from "@/lib/auth/bootstrap";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type JobsState = "off" | "starting" | "ok" | "failed";

// Next bundles route handlers and server components separately; both must share one connection pool
// (and, for PGlite, one open data directory), so the database handle lives on globalThis, as does the jobs state.
const store = globalThis as unknown as {
  __burnrateDb?: Promise<DbHandle>;
  __burnrateJobsState?: JobsState;
  /** Read by scripts/server.mjs once register() has run (it cannot import TypeScript). */
  __burnrateServerOptions?: { trustedProxies: number; requestTimeoutMs: number };
};

/**
 * The application's database, migrated and bootstrapped (init admin, init API key) on first use.
 * A failed start (database down) is not cached: the next call tries again, so the app recovers without a restart.
 */
export async function getDb(): Promise<Db> {
  return (await openedDb()).db;
}

/**
 * The database dashboards, read APIs and exports read from: the replica (DATABASE_READ_URL) with its fallback to
 * the primary (db/replica.ts), or the primary itself when there is none. Reached through lib/http/read-context.ts.
 */
export async function getReadDb(): Promise<Db> {
  const handle = await openedDb();
  return handle.replica?.db ?? handle.db;
}

/** The replica's replay lag in seconds for the dashboards' banner; null without a replica or when unknown. */
export async function replicaLagSeconds(): Promise<number | null> {
  const handle = await openedDb();
  return handle.replica ? handle.replica.lagSeconds() : null;
}

/**
 * For /api/health: "off" without DATABASE_READ_URL, "fallen_back" while reads go to the primary because the replica
 * failed to answer, "ok" otherwise. Null when the database itself is not open.
 */
export async function replicaState(): Promise<"off" | "ok" | "fallen_back" | null> {
  const handle = await openedDb().catch(() => null);
  if (!handle) return null;
  if (!handle.replica) return "off";
  return handle.replica.healthy() ? "ok" : "fallen_back";
}

async function openedDb(): Promise<DbHandle> {
  if (!store.__burnrateDb) {
    const e = env();
    store.__burnrateDb = (async () => {
      const handle = await openDb({
        url: e.DATABASE_URL,
        dataDir: e.BURNRATE_DATA_DIR,
        poolMax: e.BURNRATE_DB_POOL_MAX,
        queryTimeoutMs: e.BURNRATE_QUERY_TIMEOUT_SECONDS * 1000,
        readUrl: e.DATABASE_URL ? e.DATABASE_READ_URL : undefined,
        replicaLagTtlMs: Math.min(15, e.BURNRATE_REPLICA_MAX_LAG_SECONDS) * 1000,
      });
      try {
        await bootstrap(systemContext(handle.db, "bootstrap"), e);
      } catch (err) {
        await handle.close().catch(() => {});
        throw err;
      }
      return handle;
    })();
    store.__burnrateDb.catch(() => {
      store.__burnrateDb = undefined;
    });
  }
  try {
    return await store.__burnrateDb;
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      throw new AppError("database_unavailable", "The database is unavailable. Retry after the indicated delay.", undefined, {
        cause: err,
      });
    }
    throw err;
  }
}

const RETRY_MS = 30_000;

/**
 * Validates the whole environment before the server listens: a bad value prints the variable, the rule and the
 * problem (never a value) and exits non-zero, instead of a server answering 500 to everything.
 */
export function checkConfiguration(): void {
  try {
    const e = env();
    store.__burnrateServerOptions = {
      trustedProxies: e.BURNRATE_TRUSTED_PROXIES,
      requestTimeoutMs: e.BURNRATE_REQUEST_TIMEOUT_SECONDS * 1000,
    };
  } catch (err) {
    console.error(`[burnrate] ${err instanceof Error ? err.message : String(err)}`);
    console.error("[burnrate] not starting: fix the environment and start again.");
    process.exit(1);
  }
}

/** The job runner's state, for /api/health. */
export function jobsState(): JobsState {
  return store.__burnrateJobsState ?? (env().BURNRATE_JOBS === "off" ? "off" : "starting");
}

export function startDatabase(): void {
  getDb().then(
    () => {
      console.log("[burnrate] database ready");
      startBackgroundJobs();
    },
    (err) => {
      console.error("[burnrate] database not ready yet; requests will retry:", err instanceof Error ? err.message : err);
      // The job runner starts once the database answers, not only when it answered at start.
      setTimeout(startDatabase, RETRY_MS).unref();
    },
  );
}

/** The job runner (alert evaluation, provider sync, digests), unless BURNRATE_JOBS=off; a failure is retried. */
function startBackgroundJobs(): void {
  const e = env();
  if (e.BURNRATE_JOBS === "off") {
    store.__burnrateJobsState = "off";
    return;
  }
  void (async () => {
    const { registerAppJobs } = await import("@/lib/jobs/jobs");
    const { startJobs } = await import("@/lib/jobs/runner");
    registerAppJobs();
    await startJobs({ kind: e.DATABASE_URL ? "postgres" : "pglite", db: await getDb() }, e.DATABASE_URL);
    store.__burnrateJobsState = "ok";
    console.log(
      `[burnrate] jobs started (alerts every ${e.BURNRATE_EVAL_INTERVAL_SECONDS}s, provider sync every ${e.BURNRATE_SYNC_INTERVAL_MINUTES} min)`,
    );
  })().catch((err) => {
    store.__burnrateJobsState = "failed";
    console.error(
      `[burnrate] job runner did not start (retrying in ${RETRY_MS / 1000}s; /api/health reports "jobs":"failed"):`,
      err instanceof Error ? err.message : err,
    );
    setTimeout(startBackgroundJobs, RETRY_MS).unref();
  });
}
