import type { Readable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { beginWithDeadline } from "./deadline";
import type { Db } from "./index";

export interface SnapshotReader {
  /** Streams a query's rows, `batch` at a time, as arrays in select-list order (no per-row objects). */
  rows: (query: SQL, batch: number) => AsyncIterable<unknown[][]>;
  /**
   * PostgreSQL only (null on PGlite): the query's rows as CSV written by the server's own `COPY … TO STDOUT`, in
   * chunks of about 256 KB. A reader that stops early gets the rest drained and dropped, so the connection is
   * left clean.
   */
  copyCsv: ((query: SQL, opts: { header: boolean }) => AsyncIterable<Buffer>) | null;
}

type Run = (text: string, params?: unknown[]) => Promise<unknown[][]>;

/**
 * Run first in a repeatable-read transaction that reads events (before anything takes its snapshot: LOCK takes
 * none): it holds every partition of events, so partition upkeep cannot move a month's rows, detach a month or swap
 * in the partitioned table while the snapshot reads. Such a change commits rows the snapshot cannot see under a
 * partition layout it already uses: a month moved out of the default partition would be in neither partition for it.
 * Upkeep waits at most MAINTENANCE_LOCK_TIMEOUT for this and otherwise retries on its next run.
 */
export const HOLD_EVENT_PARTITIONS = "lock table events in access share mode";

const dialect = new PgDialect();
const COPY_CHUNK_BYTES = 256 * 1024;

/**
 * Runs `fn` in one repeatable-read, read-only transaction whose queries are read through DECLARE/FETCH cursors (or
 * COPY): a consistent snapshot of any size in constant memory, and fast-start plans (a cursor makes the planner
 * favour the first rows: an index scan rather than sorting the whole month before the first row). Drizzle has no
 * cursor API, so this talks to the driver under it, postgres.js or PGlite. JIT is off: compiling costs more than it
 * saves on a scan that streams. DateStyle is ISO, so a date's text is YYYY-MM-DD. Partition upkeep waits for it
 * (HOLD_EVENT_PARTITIONS).
 */
export async function readSnapshot<T>(db: Db, fn: (reader: SnapshotReader) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: postgres.Sql | PGlite }).$client;
  const inTransaction = async (run: Run, copyCsv: SnapshotReader["copyCsv"]) => {
    await run("set local jit = off");
    await run("set local datestyle = 'ISO'");
    await run(HOLD_EVENT_PARTITIONS);
    let cursors = 0;
    return fn({ rows: (query, batch) => cursor(run, `snapshot_cursor_${cursors++}`, query, batch), copyCsv });
  };
  if ("begin" in client) {
    // The setup and every FETCH keep the query deadline; the COPY streams for as long as the month takes.
    return beginWithDeadline(client, "isolation level repeatable read read only", ({ bounded, raw }) =>
      inTransaction(
        (text, params = []) => bounded.unsafe(text, params as postgres.ParameterOrJSON<never>[]).values(),
        (query, { header }) => copyOut(raw, query, header),
      ),
    );
  }
  return client.transaction(async (tx) => {
    await tx.exec("set transaction isolation level repeatable read, read only");
    return inTransaction(async (text, params) => (await tx.query<unknown[]>(text, params, { rowMode: "array" })).rows, null);
  });
}

/** FETCHes `batch` rows at a time, asking for the next batch before handing out the current one, so the database
 * produces rows while the caller works on the previous ones. */
async function* cursor(run: Run, name: string, query: SQL, batch: number): AsyncIterable<unknown[][]> {
  const q = dialect.sqlToQuery(query);
  await run(`declare ${name} no scroll cursor for ${q.sql}`, q.params);
  const fetch = () => run(`fetch ${batch} from ${name}`);
  let next: Promise<unknown[][]> | null = fetch();
  let failed = false;
  try {
    while (next) {
      const rows: unknown[][] = await next;
      next = rows.length === batch ? fetch() : null;
      if (rows.length > 0) yield rows;
    }
  } catch (err) {
    failed = true; // the transaction is aborted: closing would only hide this error
    throw err;
  } finally {
    // A reader that stopped early may leave one FETCH in flight: let it land before closing.
    if (next) await next.catch(() => {});
    if (!failed) await run(`close ${name}`);
  }
}

/**
 * COPY takes no bind parameters, so the query's are inlined (drizzle escapes them). postgres.js pushes one chunk per
 * row and pauses the socket while the stream is paused; chunks are gathered to about 256 KB. A stream left half-read
 * would leave the socket paused and the connection stuck mid-COPY, so a reader that stops early gets the rest
 * drained (and dropped) before the transaction ends.
 */
async function* copyOut(tx: postgres.TransactionSql, query: SQL, header: boolean): AsyncIterable<Buffer> {
  const text = dialect.sqlToQuery(query.inlineParams()).sql;
  const stream = await tx.unsafe(`copy (${text}) to stdout with (format csv${header ? ", header" : ""})`).readable();
  const queue: Buffer[] = [];
  let size = 0;
  let ended = false;
  let error: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  stream.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    size += chunk.length;
    if (size >= COPY_CHUNK_BYTES) stream.pause();
    signal();
  });
  stream.on("end", () => {
    ended = true;
    resumeAfterCopy(stream);
    signal();
  });
  stream.on("error", (err) => {
    error = err;
    signal();
  });
  let complete = false;
  try {
    for (;;) {
      if (error) throw error;
      if (size >= COPY_CHUNK_BYTES || (ended && size > 0)) {
        const out = Buffer.concat(queue.splice(0), size);
        size = 0;
        stream.resume();
        yield out;
      } else if (ended) {
        break;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    complete = true;
  } finally {
    if (!complete && !ended && !error) {
      stream.removeAllListeners("data");
      await new Promise<void>((resolve) => {
        stream.on("data", () => {});
        stream.once("end", resolve);
        stream.once("error", () => resolve());
        stream.resume();
      });
    }
  }
}

/**
 * postgres.js 3.4.9 pauses its socket when a COPY stream's buffer is full and resumes it when the stream is read; if
 * CopyDone arrives while paused, the stream ends and is never read again, so the socket stays paused and the
 * connection hangs on its next query (porsager/postgres#499, fix proposed in #1016). Calling the stream's `_read`
 * once it has ended resumes the socket; it is a no-op when the socket was not paused.
 */
export function resumeAfterCopy(stream: Readable): void {
  stream._read(0);
}
