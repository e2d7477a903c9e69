import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, testBackends } from "@/scripts/test/databases";
import { beginWithDeadline, QueryTimeoutError, withQueryDeadline } from "./deadline";
import { isDatabaseUnavailable } from "./errors";
import { type DbHandle, openDb, queryRows } from "./index";

// PGlite runs queries on the app's own thread: the deadline is a PostgreSQL client feature.
describe.runIf(testBackends().includes("postgres"))("query deadline [postgres]", () => {
  let handle: DbHandle;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    handle = await openDb({ url, poolMax: 2, queryTimeoutMs: 300 });
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it("fails a statement that outlives the deadline as 'database unavailable', cancels it, and keeps the pool usable", async () => {
    const err = await handle.db.execute(sql`select pg_sleep(30)`).catch((e: unknown) => e);
    expect((err as Error).cause).toBeInstanceOf(QueryTimeoutError); // drizzle wraps the driver's error
    expect(isDatabaseUnavailable(err)).toBe(true);
    // The cancel request reached the server: both pool connections answer again (no sleeper left behind).
    const answers = await Promise.all([1, 2, 3].map((n) => queryRows<{ n: number }>(handle.db, sql`select ${n}::int as n`)));
    expect(answers.map((r) => r[0]?.n)).toEqual([1, 2, 3]);
  });

  it("fails a transaction whose statement outlives the deadline, and leaves short transactions alone", async () => {
    const err = await handle.db.transaction((tx) => tx.execute(sql`select pg_sleep(30)`)).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(err)).toBe(true);
    const ok = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      return queryRows<{ n: number }>(tx, sql`select 2::int as n`);
    });
    expect(ok).toEqual([{ n: 2 }]);
  });

  it("lets the unbounded side of beginWithDeadline run past the deadline (an export's COPY), and bounds the other", async () => {
    const client = withQueryDeadline(postgres(url, { max: 1, onnotice: () => {} }), 300);
    try {
      const rows = await beginWithDeadline(client, "read only", async ({ raw }) => raw`select pg_sleep(0.6), 1 as done`);
      expect(rows[0]?.done).toBe(1);
      const bounded = await beginWithDeadline(client, "read only", async ({ bounded }) => bounded.unsafe("select pg_sleep(30)")).catch(
        (e: unknown) => e,
      );
      expect(bounded).toBeInstanceOf(QueryTimeoutError);
    } finally {
      await withQueryDeadline(client, 1).end({ timeout: 1 });
    }
  });
});
