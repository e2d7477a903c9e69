import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { UserActor } from "./actor";

/**
 * Resolves a session token's claims to the member, read fresh on every request: a deactivated member, a
 * changed role or a bumped session epoch (deactivation, new password) takes effect on the next request.
 */
export async function loadSessionUser(db: DbOrTx, claims: { uid?: unknown; epoch?: unknown }): Promise<UserActor | null> {
  const uid = z.uuid().safeParse(claims.uid);
  if (!uid.success || typeof claims.epoch !== "number") return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.id, uid.data), isNull(users.deactivatedAt), eq(users.sessionEpoch, claims.epoch)))
    .limit(1);
  return row ? { kind: "user", userId: row.id, email: row.email, name: row.name, role: row.role } : null;
}

export async function findActiveUserByEmail(db: DbOrTx, email: string): Promise<{ id: string; epoch: number } | null> {
  const [row] = await db
    .select({ id: users.id, epoch: users.sessionEpoch })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deactivatedAt)))
    .limit(1);
  return row ?? null;
}
