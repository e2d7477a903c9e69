import type postgres from "postgres";

/** Thrown when a statement outlives the client-side deadline; db/errors.ts reads it as "database unavailable". */
export class QueryTimeoutError extends Error {
  readonly code = "QUERY_TIMEOUT";
  constructor(ms: number) {
    super(`the database did not answer within ${ms / 1000} s`);
    this.name = "QueryTimeoutError";
  }
}

const RAW = Symbol("burnrate.rawClient");
const MS = Symbol("burnrate.deadlineMs");
type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * A postgres.js client whose every statement (`unsafe`, what drizzle runs, and tagged queries) has a deadline: when it
 * has not settled `ms` after it was issued (waiting for a pool connection included), its promise rejects with a
 * QueryTimeoutError and a cancel request is sent to the server. A frozen database or a pathological query then fails
 * the request fast instead of holding it; the server's `statement_timeout` stays the backstop. The deadline is per
 * statement, so a transaction or job made of many short statements may run as long as it needs; when a statement of
 * a transaction times out, the transaction's promise rejects at once too (its ROLLBACK may never get through).
 */
export function withQueryDeadline<T extends Sql>(client: T, ms: number, onTimeout?: (err: QueryTimeoutError) => void): T {
  return new Proxy(client, {
    apply(target, _thisArg, args) {
      return deadline((target as unknown as (...a: unknown[]) => postgres.PendingQuery<postgres.Row[]>)(...args), ms, onTimeout);
    },
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      if (prop === MS) return ms;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "unsafe") return (...args: unknown[]) => deadline(value.apply(target, args), ms, onTimeout);
      if (prop === "begin" || prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return new Promise((resolve, reject) => {
            const bounded = (tx: postgres.TransactionSql) =>
              fn(
                withQueryDeadline(tx, ms, (err) => {
                  reject(err);
                  onTimeout?.(err);
                }),
              );
            (value as (...a: unknown[]) => Promise<unknown>).apply(target, [...args, bounded]).then(resolve, reject);
          });
        };
      return value.bind(target);
    },
  }) as T;
}

/** The client without deadlines, for work that streams for as long as it takes (an export's COPY). */
export function withoutQueryDeadline<T extends Sql>(client: T): T {
  return ((client as unknown as Record<symbol, T>)[RAW] ?? client) as T;
}

/**
 * A transaction on the client without deadlines (for statements that stream for as long as they take: an export's
 * COPY), with the deadline kept on getting the transaction started and on every statement run through `bounded`.
 */
export function beginWithDeadline<T>(
  client: postgres.Sql,
  options: string,
  fn: (tx: { bounded: postgres.TransactionSql; raw: postgres.TransactionSql }) => Promise<T>,
): Promise<T> {
  const ms = (client as unknown as Record<symbol, number | undefined>)[MS];
  const raw = withoutQueryDeadline(client);
  if (!ms) return raw.begin(options, (tx) => fn({ bounded: tx, raw: tx })) as Promise<T>;
  return new Promise<T>((resolve, reject) => {
    let late: QueryTimeoutError | null = null;
    const timer = setTimeout(() => {
      late = new QueryTimeoutError(ms);
      reject(late);
    }, ms);
    (
      raw.begin(options, (tx) => {
        clearTimeout(timer);
        if (late) throw late; // the caller has given up: roll back rather than work for nobody
        return fn({ bounded: withQueryDeadline(tx, ms, reject), raw: tx });
      }) as Promise<T>
    ).then(resolve, reject);
  });
}

/** A pending query whose `then` races the deadline; chained modifiers (`values()`, `raw()`…) keep the wrapper. */
function deadline<Q extends postgres.PendingQuery<postgres.Row[]>>(query: Q, ms: number, onTimeout?: (err: QueryTimeoutError) => void): Q {
  let raced: Promise<unknown> | undefined;
  const run = () => {
    raced ??= new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new QueryTimeoutError(ms);
        reject(err);
        onTimeout?.(err);
        Promise.resolve(query.cancel()).catch(() => {});
      }, ms);
      query.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
    return raced;
  };
  const proxy: Q = new Proxy(query, {
    get(target, prop, receiver) {
      if (prop === "then") return (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => run().then(ok, ko);
      if (prop === "catch") return (ko?: (e: unknown) => unknown) => run().catch(ko);
      if (prop === "finally") return (f?: () => void) => run().finally(f);
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const out = value.apply(target, args);
        return out === target ? proxy : out;
      };
    },
  });
  return proxy;
}
