import type postgres from "postgres";
import { withQueryDeadline } from "./deadline";
import { isDatabaseUnavailable } from "./errors";

/**
 * Reads from a streaming replica (DATABASE_READ_URL), falling back to the primary. Only code handed a read context
 * (lib/http/read-context.ts) comes here: dashboards, read APIs, exports. Fallback, per statement: when the replica
 * cannot be reached (a connection-class error, db/errors.ts), it is marked down for `downMs` and the statement runs
 * on the primary, as does every read until then; after that the next read tries the replica again. A statement the
 * standby cancels for a conflict with replay (SQLSTATE 40001) runs again on the primary without marking it down;
 * one that met a pooled connection the replica has since dropped (it restarted) is tried once more on the replica.
 * A transaction (a download's snapshot) falls back only when the replica fails before it has begun: past that, its
 * reader may have used rows already, so the error stands (a 503 with Retry-After, as for the primary).
 */
export interface ReadRouter {
  /** A postgres.js client for drizzle: statements and transactions go to the replica while it answers. */
  client: postgres.Sql;
  /** False for `downMs` after the replica failed to answer. */
  healthy: () => boolean;
  /**
   * How far the replica's replay is behind, in seconds, measured at most every `lagTtlMs`: 0 when it has replayed
   * all it received (an idle primary writes nothing, so the last replayed commit may be old), null when unknown
   * (replica down or nothing replayed yet).
   */
  lagSeconds: () => Promise<number | null>;
}

export interface ReadRouterOptions {
  downMs?: number;
  lagTtlMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

const LAG_SQL = `select case
  when not pg_is_in_recovery() then 0
  when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
  else extract(epoch from now() - pg_last_xact_replay_timestamp())
end::float8 as lag`;

/** Errors of a connection that was open and is gone, rather than of a server that cannot be reached. */
const DROPPED = new Set(["57P01", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "ECONNRESET", "EPIPE"]);

type Pending = postgres.PendingQuery<postgres.Row[]>;
type Chain = (q: Pending) => Pending;

export function routeReads(replica: postgres.Sql, primary: postgres.Sql, opts: ReadRouterOptions = {}): ReadRouter {
  const { downMs = 30_000, lagTtlMs = 15_000, now = Date.now, log = (m) => console.warn(`[burnrate] ${m}`) } = opts;
  let downUntil = 0;
  const healthy = () => now() >= downUntil;
  const markDown = (err: unknown) => {
    if (healthy()) {
      const reason = err instanceof Error ? err.message : String(err);
      log(`read replica unavailable (${reason}); reading from the primary for ${downMs / 1000} s`);
    }
    downUntil = now() + downMs;
  };

  /** Runs one statement on the replica, or on the primary when the replica is down or fails to answer. */
  const run = async (build: (c: postgres.Sql) => Pending, query: RoutedQuery): Promise<unknown> => {
    if (!healthy()) return await query.on(build(primary));
    for (let attempt = 1; ; attempt++) {
      try {
        return await query.on(build(replica));
      } catch (err) {
        if (query.cancelled) throw err; // the deadline gave up on it (db/deadline.ts): not the replica's fault
        // A pooled connection the replica dropped (it restarted) fails once; the next statement gets a new one.
        if (attempt === 1 && DROPPED.has(String(sqlState(err)))) continue;
        if (isDatabaseUnavailable(err)) markDown(err);
        else if (sqlState(err) !== "40001") throw err;
        return await query.on(build(primary));
      }
    }
  };

  const begin = (...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
    const primaryBegin = () => (primary.begin as (...a: unknown[]) => Promise<unknown>)(...args, fn);
    if (!healthy()) return primaryBegin();
    let entered = false;
    const onReplica = (replica.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) => {
      entered = true;
      return fn(tx);
    });
    return onReplica.catch((err: unknown) => {
      if (!isDatabaseUnavailable(err)) throw err;
      markDown(err);
      if (entered) throw err;
      return primaryBegin();
    });
  };

  const client = new Proxy(replica, {
    // Tagged-template queries (sql`…`); helper calls (sql(identifier), sql(rows)) build fragments, not queries.
    apply(target, _this, args) {
      const strings = args[0] as { raw?: unknown } | undefined;
      if (!Array.isArray(strings) || !strings.raw) return (target as unknown as (...a: unknown[]) => unknown)(...args);
      return new RoutedQuery((c) => (c as unknown as (...a: unknown[]) => Pending)(...args), run);
    },
    get(target, prop, receiver) {
      if (prop === "unsafe")
        return (...args: unknown[]) => new RoutedQuery((c) => (c.unsafe as (...a: unknown[]) => Pending)(...args), run);
      if (prop === "begin") return begin;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as postgres.Sql;

  const probe = withQueryDeadline(replica, 3000);
  let lag: { at: number; value: Promise<number | null> } | null = null;
  const lagSeconds = () => {
    if (!healthy()) return Promise.resolve(null);
    if (lag && now() - lag.at < lagTtlMs) return lag.value;
    const value = probe
      .unsafe(LAG_SQL)
      .then((rows) => {
        const v = rows[0]?.lag;
        return v === null || v === undefined ? null : Math.max(0, Number(v));
      })
      .catch((err: unknown) => {
        if (isDatabaseUnavailable(err)) markDown(err);
        return null;
      });
    lag = { at: now(), value };
    return value;
  };

  return { client, healthy, lagSeconds };
}

/**
 * What `unsafe()` and tagged queries return: a thenable that remembers drizzle's modifiers (`values()`, `raw()`,
 * `simple()`) so the same statement can be built again on the primary, and whose `cancel()` reaches the statement
 * in flight.
 */
class RoutedQuery {
  private chain: Chain[] = [];
  private current: Pending | null = null;
  private result: Promise<unknown> | null = null;
  cancelled = false;

  constructor(
    private readonly build: (c: postgres.Sql) => Pending,
    private readonly run: (build: (c: postgres.Sql) => Pending, query: RoutedQuery) => Promise<unknown>,
  ) {}

  values(): this {
    this.chain.push((q) => q.values() as unknown as Pending);
    return this;
  }

  raw(): this {
    this.chain.push((q) => q.raw() as unknown as Pending);
    return this;
  }

  simple(): this {
    this.chain.push((q) => q.simple());
    return this;
  }

  cancel(): void {
    this.cancelled = true;
    this.current?.cancel();
  }

  /** Applies the recorded modifiers to a statement built on one client and remembers it for `cancel()`. */
  on(q: Pending): Pending {
    let out = q;
    for (const step of this.chain) out = step(out);
    this.current = out;
    return out;
  }

  // biome-ignore lint/suspicious/noThenProperty: a query is a thenable, as postgres.js's own are
  then<A = unknown, B = never>(ok?: ((v: unknown) => A | PromiseLike<A>) | null, ko?: ((e: unknown) => B | PromiseLike<B>) | null) {
    this.result ??= this.run(this.build, this);
    return this.result.then(ok, ko);
  }

  catch<B = never>(ko?: ((e: unknown) => B | PromiseLike<B>) | null) {
    return this.then(undefined, ko);
  }

  finally(f?: (() => void) | null) {
    return this.then().finally(f);
  }
}

function sqlState(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}
