import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Db } from "./client";

/** Streams a query's rows, `batch` at a time, as arrays in select-list order (no per-row objects). */
export type ReadRows = (query: SQL, batch: number) => AsyncIterable<unknown[][]>;

type Run = (text: string, params?: unknown[]) => Promise<unknown[][]>;

const dialect = new PgDialect();

/**
 * Runs `fn` in one repeatable-read, read-only transaction whose queries are read through DECLARE/FETCH cursors: a
 * consistent snapshot of any size in constant memory, and fast-start plans (a cursor makes the planner favour
 * the first rows: an index scan rather than sorting the whole month before the first row). Drizzle has no cursor
 * API, so this talks to the driver under it, postgres.js or PGlite. JIT is off: compiling costs more than it
 * saves on a scan that streams.
 */
export async function readSnapshot<T>(db: Db, fn: (read: ReadRows) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: postgres.Sql | PGlite }).$client;
  const inTransaction = async (run: Run) => {
    await run("set local jit = off");
    let cursors = 0;
    return fn((query, batch) => cursor(run, `snapshot_cursor_${cursors++}`, query, batch));
  };
  if ("begin" in client) {
    return client.begin("isolation level repeatable read read only", (tx) =>
      inTransaction((text, params = []) => tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]).values()),
    ) as Promise<T>;
  }
  return client.transaction(async (tx) => {
    await tx.exec("set transaction isolation level repeatable read, read only");
    return inTransaction(async (text, params) => (await tx.query<unknown[]>(text, params, { rowMode: "array" })).rows);
  });
}

async function* cursor(run: Run, name: string, query: SQL, batch: number): AsyncIterable<unknown[][]> {
  const q = dialect.sqlToQuery(query);
  await run(`declare ${name} no scroll cursor for ${q.sql}`, q.params);
  let failed = false;
  try {
    for (;;) {
      const rows = await run(`fetch ${batch} from ${name}`);
      if (rows.length > 0) yield rows;
      if (rows.length < batch) break;
    }
  } catch (err) {
    failed = true; // the transaction is aborted: closing would only hide this error
    throw err;
  } finally {
    if (!failed) await run(`close ${name}`);
  }
}
