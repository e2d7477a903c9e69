import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { type DbHandle, openDb, queryRows } from "@/db";
import { invalidatePriceOverrides } from "@/lib/pricing";

export interface TestDatabase {
  kind: "pglite" | "postgres";
  /** Set once the suite's beforeAll ran. */
  handle: DbHandle;
  /** The URL of the throwaway Postgres database (postgres only), for tests that need their own connections. */
  url?: string;
}

/** PGlite always; real Postgres too when TEST_DATABASE_URL (a role that may CREATE DATABASE) is set, as in CI. */
export function testBackends(): ("pglite" | "postgres")[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh, migrated Postgres database on the TEST_DATABASE_URL server; dropped by the returned function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `burnrate_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Runs a suite once per backend, each on its own empty database; tables are emptied before every test so
 * tests never share data.
 */
export function describeEachDatabase(name: string, suite: (db: TestDatabase) => void): void {
  for (const kind of testBackends()) {
    describe(`${name} [${kind}]`, () => {
      const t = { kind } as TestDatabase;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        if (kind === "postgres") {
          const created = await createPostgresDatabase();
          drop = created.drop;
          t.url = created.url;
          t.handle = await openDb({ url: created.url, poolMax: 8 });
        } else {
          t.handle = await openDb({ dataDir: "memory://" });
        }
      });
      beforeEach(async () => {
        invalidatePriceOverrides();
        // Every table of the schema, so a new table can never leak rows between tests.
        const tables = await queryRows<{ name: string }>(
          t.handle.db,
          sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
        );
        await t.handle.db.execute(sql.raw(`truncate ${tables.map((r) => r.name).join(", ")} cascade`));
      });
      afterAll(async () => {
        await t.handle?.close();
        await drop?.();
      });
      suite(t);
    });
  }
}
