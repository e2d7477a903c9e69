import "server-only";
import { and, eq, isNull, notExists } from "drizzle-orm";
import { z } from "zod";
import { revokedSessions, users } from "@/db/schema";
import type { AnonymousCtx, UserActor } from "./actor";

const SessionId = z.string().min(16).max(64);

/**
 * Resolves a session token's claims to the member, read fresh on every request: a deactivated member, a
 * changed role, a bumped session epoch (deactivation, new password) or a signed-out session id takes effect on
 * the next request. One indexed query: the member's row, and no revoked row for the session id.
 */
export async function loadSessionUser(
  ctx: AnonymousCtx,
  claims: { uid?: unknown; epoch?: unknown; sid?: unknown },
): Promise<UserActor | null> {
  const uid = z.uuid().safeParse(claims.uid);
  const sid = SessionId.safeParse(claims.sid);
  if (!uid.success || !sid.success || typeof claims.epoch !== "number") return null;
  const [row] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.id, uid.data),
        isNull(users.deactivatedAt),
        eq(users.sessionEpoch, claims.epoch),
        notExists(ctx.db.select({ one: revokedSessions.sid }).from(revokedSessions).where(eq(revokedSessions.sid, sid.data))),
      ),
    )
    .limit(1);
  return row ? { kind: "user", userId: row.id, email: row.email, name: row.name, role: row.role } : null;
}

export async function findActiveUserByEmail(ctx: AnonymousCtx, email: string): Promise<{ id: string; epoch: number } | null> {
  const [row] = await ctx.db
    .select({ id: users.id, epoch: users.sessionEpoch })
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deactivatedAt)))
    .limit(1);
  return row ?? null;
}
