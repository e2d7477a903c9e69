import postgres from "postgres";
import { startThrowawayPostgres } from "../test/postgres-cluster";
import { freePort } from "../test/server";

export interface BenchDatabase {
  /** A fresh, empty database for this run. */
  url: string;
  /** Drops the database, and stops the cluster when the run started one. */
  drop: () => Promise<void>;
}

/**
 * A new database on BENCH_DATABASE_URL (a role that may CREATE DATABASE), or on a throwaway local PostgreSQL
 * cluster when that is unset (`durable`: fsync and synchronous commit on, as in production).
 */
export async function createBenchDatabase(prefix: string, opts: { durable?: boolean } = {}): Promise<BenchDatabase> {
  let admin = process.env.BENCH_DATABASE_URL;
  let stopPg: (() => void) | undefined;
  if (!admin) {
    const pg = startThrowawayPostgres({ port: await freePort(), durable: opts.durable });
    admin = pg.url;
    stopPg = pg.stop;
  }
  const adminSql = postgres(admin, { max: 1, onnotice: () => {} });
  const name = `${prefix}_${Date.now()}`;
  await adminSql.unsafe(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await adminSql.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await adminSql.end();
      stopPg?.();
    },
  };
}
