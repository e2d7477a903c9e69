import type { DbOrTx } from "@/db/client";
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
}

export function systemContext(db: DbOrTx, name = "system"): Ctx {
  return { db, actor: { kind: "system", name } };
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
