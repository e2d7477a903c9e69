import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hasPostgresBinaries,
  startThrowawayPostgres,
  startThrowawayStandby,
  type ThrowawayPostgres,
  type ThrowawayStandby,
} from "@/scripts/test/postgres-cluster";
import { freePort } from "@/scripts/test/server";
import { type DbHandle, openDb, queryRows } from "./index";
import { routeReads } from "./replica";
import { readSnapshot } from "./snapshot";

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A real primary and a hot standby (pg_basebackup -R), started here: replication is the thing under test.
describe.runIf(hasPostgresBinaries())("reads from a streaming replica, falling back to the primary [postgres]", () => {
  let primary: ThrowawayPostgres;
  let standby: ThrowawayStandby;
  let handle: DbHandle;
  const marks = (db: DbHandle["db"]) =>
    queryRows<{ n: string }>(db, sql`select n from replica_probe order by n`).then((r) => r.map((x) => x.n));

  beforeAll(async () => {
    primary = startThrowawayPostgres({ port: await freePort() });
    standby = startThrowawayStandby(primary, { port: await freePort() });
    handle = await openDb({ url: primary.url, readUrl: standby.url, poolMax: 2, queryTimeoutMs: 10_000, replicaLagTtlMs: 0 });
    await handle.db.execute(sql`create table replica_probe (n text primary key)`);
    await handle.db.execute(sql`insert into replica_probe values ('a')`);
  });
  afterAll(async () => {
    await handle?.close();
    standby?.stop();
    primary?.stop();
  });

  it("reads what the standby has replayed, and not what it has only received", async () => {
    const replica = handle.replica?.db;
    if (!replica) throw new Error("no replica handle");
    await eventually(
      () => marks(replica).catch(() => []),
      (v) => v.join() === "a",
      "the standby to replay 'a'",
    );
    expect(await handle.replica?.lagSeconds()).toBe(0);

    standby.pauseReplay();
    await handle.db.execute(sql`insert into replica_probe values ('b')`);
    expect(await marks(handle.db)).toEqual(["a", "b"]);
    // Received, not applied: the lag grows from the last replayed commit.
    await eventually(
      () => handle.replica?.lagSeconds() ?? Promise.resolve(null),
      (v) => v !== null && v > 0.5,
      "a lag",
    );
    expect(await marks(replica)).toEqual(["a"]);
    // A snapshot (an export's transaction) reads the replica too.
    const snap = await readSnapshot(replica, async (r) => {
      const out: unknown[][] = [];
      for await (const rows of r.rows(sql`select n from replica_probe order by n`, 10)) out.push(...rows);
      return out;
    });
    expect(snap).toEqual([["a"]]);

    standby.resumeReplay();
    await eventually(
      () => marks(replica),
      (v) => v.join() === "a,b",
      "the standby to replay 'b'",
    );
    await eventually(
      () => handle.replica?.lagSeconds() ?? Promise.resolve(null),
      (v) => v === 0,
      "no lag",
    );
  });

  it("refuses a write handed the read database, even where it would fall back", async () => {
    const err = await handle.replica?.db.execute(sql`insert into replica_probe values ('w')`).catch((e: unknown) => e);
    expect(String((err as Error).cause ?? err)).toMatch(/read-only/);
    expect(await marks(handle.db)).toEqual(["a", "b"]);
  });

  it("reads from the primary while the standby is down, statements and transactions alike", async () => {
    const replica = handle.replica?.db;
    if (!replica) throw new Error("no replica handle");
    standby.pauseReplay();
    await handle.db.execute(sql`insert into replica_probe values ('c')`);
    expect(await marks(replica)).toEqual(["a", "b"]);

    standby.pause(); // fast shutdown: the pool's connections are terminated
    expect(await marks(replica)).toEqual(["a", "b", "c"]);
    expect(await replica.transaction((tx) => marks(tx as unknown as DbHandle["db"]))).toEqual(["a", "b", "c"]);
    expect(await handle.replica?.lagSeconds()).toBeNull();
    for (let i = 0; i < 5; i++) expect(await marks(replica)).toEqual(["a", "b", "c"]);

    // A transaction that cannot begin on the replica (nothing marked down yet in this pool) begins on the primary.
    const fresh = await openDb({ url: primary.url, readUrl: standby.url, poolMax: 1, queryTimeoutMs: 10_000 });
    try {
      const freshReplica = fresh.replica?.db;
      if (!freshReplica) throw new Error("no replica handle");
      expect(await freshReplica.transaction((tx) => marks(tx as unknown as DbHandle["db"]))).toEqual(["a", "b", "c"]);
    } finally {
      await fresh.close();
    }
  });

  it("tries the replica again once it has been down for downMs", async () => {
    standby.resume();
    let t = 0;
    const replicaSql = postgres(standby.url, { max: 1, onnotice: () => {} });
    const primarySql = postgres(primary.url, { max: 1, onnotice: () => {} });
    const router = routeReads(replicaSql, primarySql, { now: () => t, downMs: 30_000, log: () => {} });
    const onReplica = async () => (await router.client.unsafe("select pg_is_in_recovery() as r"))[0]?.r;
    try {
      expect(await onReplica()).toBe(true);
      expect((await router.client`select pg_is_in_recovery() as r`)[0]?.r).toBe(true);
      standby.pause();
      expect(await onReplica()).toBe(false);
      expect(router.healthy()).toBe(false);
      standby.resume();
      t += 29_000;
      expect(await onReplica()).toBe(false);
      t += 1_000;
      expect(await onReplica()).toBe(true);
      expect(router.healthy()).toBe(true);
    } finally {
      await Promise.all([replicaSql.end({ timeout: 1 }), primarySql.end({ timeout: 1 })]);
    }
  });
});
