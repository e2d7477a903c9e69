import "server-only";
import { randomBytes } from "node:crypto";
import { lt } from "drizzle-orm";
import { revokedSessions } from "@/db/schema";
import { env } from "@/lib/env";
import type { AnonymousCtx } from "./actor";

/** A new session id for the `sid` claim: stable for the session's life (Auth.js renews `jti` on every refresh). */
export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Sign-out: the session id is refused from now on. A token carrying it cannot outlive `now + max age` (each
 * refresh extends it by at most that), so the row is kept until then; expired rows are pruned on the way.
 */
export async function revokeSession(
  ctx: AnonymousCtx,
  sid: string,
  now = new Date(),
  maxAgeMs = env().BURNRATE_SESSION_MAX_AGE_HOURS * 3600_000,
) {
  await ctx.db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
  await ctx.db
    .insert(revokedSessions)
    .values({ sid, expiresAt: new Date(now.getTime() + maxAgeMs) })
    .onConflictDoNothing();
}
