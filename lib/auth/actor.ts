import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, DbOrTx, Tx } from "@/db";
import type { GatewayName, GatewayOptions } from "@/db/schema";
import type { Role } from "./permissions";

export interface UserActor {
  kind: "user";
  userId: string;
  email: string;
  name: string | null;
  role: Role;
}

export interface ApiKeyActor {
  kind: "api_key";
  keyId: string;
  name: string;
  scopes: string[];
  /** The gateway the key is bound to and how its records are read (lib/gateways/key-binding.ts); absent: none yet. */
  gateway?: GatewayName | null;
  gatewayOptions?: GatewayOptions | null;
}

/** Scripts and scheduled jobs: trusted code acting on behalf of the instance. */
export interface SystemActor {
  kind: "system";
  name: string;
}

export type Actor = UserActor | ApiKeyActor | SystemActor;

/** What every `lib/` entry point receives: the database and who is asking (for permission checks and the audit log). */
export interface Ctx {
  db: DbOrTx;
  actor: Actor;
  /** The client's address when the call came over HTTP (audit log, sign-in throttling). */
  ip?: string | null;
  /**
   * Set by `readContext` (lib/http/read-context.ts) when `db` reads from a replica: the primary, where a read path's
   * own writes go (the audit entry of a download).
   */
  primaryDb?: Db;
}

/**
 * Before anyone is authenticated (sign-in, first-run setup, invite links, API-key and session lookup): the database
 * and the client's address, and no actor, so nothing that checks a permission accepts it. Any Ctx is one too.
 */
export type AnonymousCtx = Omit<Ctx, "actor">;

/** A context inside a transaction (what `withTransaction` hands its callback). */
export type TxCtx = Ctx & { db: Tx };

export function systemContext<D extends DbOrTx>(db: D, name = "system"): Ctx & { db: D } {
  return { db, actor: { kind: "system", name } };
}

/**
 * Runs a multi-step write in one transaction, as the same caller. Inside a transaction already (a caller's
 * `withTransaction`), `fn` joins it: nested steps never open a second top-level transaction, and a failure rolls
 * back the whole outer change.
 */
export function withTransaction<C extends AnonymousCtx, T>(ctx: C, fn: (ctx: C & { db: Tx }) => Promise<T>): Promise<T> {
  if (is(ctx.db, PgTransaction)) return fn(ctx as C & { db: Tx });
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx }));
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return actor.email;
  if (actor.kind === "api_key") return `API key "${actor.name}"`;
  return actor.name;
}

export function actorId(actor: Actor): string | null {
  if (actor.kind === "user") return actor.userId;
  if (actor.kind === "api_key") return actor.keyId;
  return null;
}
