import "server-only";
import { type Db, type DbHandle, openDb } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/errors";
import { systemContext } from "@/lib/auth/actor";
import { bootstrap } from "@/lib/auth/bootstrap";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";

// Next bundles route handlers and server components separately; both must share one connection pool
// (and, for PGlite, one open data directory), so the handle lives on globalThis.
const store = globalThis as unknown as { __burnrateDb?: Promise<DbHandle> };

/**
 * The application's database, migrated and bootstrapped (init admin, init API key) on first use.
 * A failed start (database down) is not cached: the next call tries again, so the app recovers without a restart.
 */
export async function getDb(): Promise<Db> {
  if (!store.__burnrateDb) {
    const e = env();
    store.__burnrateDb = (async () => {
      const handle = await openDb({
        url: e.DATABASE_URL,
        dataDir: e.BURNRATE_DATA_DIR,
        poolMax: e.BURNRATE_DB_POOL_MAX,
        queryTimeoutMs: e.BURNRATE_QUERY_TIMEOUT_SECONDS * 1000,
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
    return (await store.__burnrateDb).db;
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      throw new AppError("database_unavailable", "The database is unavailable. Retry after the indicated delay.", undefined, {
        cause: err,
      });
    }
    throw err;
  }
}
