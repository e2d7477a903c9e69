import path from "node:path";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import { withQueryDeadline } from "./deadline";
import { routeReads } from "./replica";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
  /** With DATABASE_READ_URL (PostgreSQL only): the database that reads from the replica, falling back to `db`. */
  replica?: ReadReplica;
}

export interface ReadReplica {
  db: Db;
  /** The replica's replay lag in seconds, cached (db/replica.ts); null when unknown or the replica is down. */
  lagSeconds: () => Promise<number | null>;
  /** False while reads fall back to the primary because the replica failed to answer (db/replica.ts). */
  healthy: () => boolean;
}

export interface DbConfig {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  poolMax?: number;
  /**
   * PostgreSQL: the client-side deadline of every statement, in ms (db/deadline.ts); below the server's 60 s
   * statement_timeout. Not applied to migrations. PGlite runs queries on the app's own thread: no deadline there.
   */
  queryTimeoutMs?: number;
  /** PostgreSQL only: a streaming replica's postgres:// URL for reads (db/replica.ts); ignored on PGlite. */
  readUrl?: string;
  /** How often the replica's lag is measured, in ms (default 15 s). */
  replicaLagTtlMs?: number;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/** Opens a database and applies pending migrations. One PGlite directory must only ever be opened by one process. */
export async function openDb(config: DbConfig): Promise<DbHandle> {
  if (config.url) return openPostgres(config.url, config.poolMax ?? 10, config);
  return openPglite(config.dataDir ?? "./.data");
}

async function openPostgres(url: string, poolMax: number, config: DbConfig): Promise<DbHandle> {
  const { queryTimeoutMs, readUrl } = config;
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const options = {
    connect_timeout: 5,
    idle_timeout: 30,
    max_lifetime: 60 * 30,
    onnotice: () => {},
    // postgres.js waits up to 20 s (3^failures / 100 s) before reconnecting after failed attempts, so a database
    // back from a restart stayed unused for 5–15 s; failing connections are cheap, so retry at least every 250 ms.
    backoff: (retries: number) => Math.min(0.05 * retries, 0.25),
    // JIT off: compiling a plan takes 0.1–2 s, far longer than the dashboards' queries over rollups (lib/spend) take.
    connection: { application_name: "burnrate", statement_timeout: 60_000, jit: "off" },
  } as const;
  // Migrate on a dedicated connection that holds an advisory lock, so several instances starting at once
  // apply each migration exactly once.
  const lockClient = postgres(url, { ...options, max: 1 });
  try {
    await lockClient`select pg_advisory_lock(727274)`;
    await migrate(drizzle(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
    await lockClient`select pg_advisory_unlock(727274)`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
  const client = postgres(url, { ...options, max: poolMax });
  const bounded = <T extends Sql>(c: T): T => (queryTimeoutMs ? withQueryDeadline(c, queryTimeoutMs) : c);
  const db = drizzle(bounded(client), { schema }) as unknown as Db;
  if (!readUrl) return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  // The replica's pool connects on first use. Read-only by default, so a write handed a read context by mistake
  // fails the same way whether DATABASE_READ_URL is a standby or (in development) the primary itself.
  const readClient = postgres(readUrl, {
    ...options,
    max: poolMax,
    connection: { ...options.connection, application_name: "burnrate-read", default_transaction_read_only: true },
  });
  const router = routeReads(readClient, client, { lagTtlMs: config.replicaLagTtlMs });
  const readDb = drizzle(bounded(router.client), { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    replica: { db: readDb, lagSeconds: router.lagSeconds, healthy: router.healthy },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), readClient.end({ timeout: 5 })]);
    },
  };
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = await PGlite.create(dataDir === "memory://" ? undefined : path.resolve(dataDir));
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath (postgres.js returns an array, PGlite `{rows}`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
