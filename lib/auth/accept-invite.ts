import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { AnonymousCtx } from "./actor";
import { hashInviteToken } from "./invites";
import { hashPassword } from "./passwords";
import { SetPasswordInput } from "./schemas";

function validInvite(token: string) {
  return and(eq(users.inviteTokenHash, hashInviteToken(token)), gt(users.inviteExpiresAt, new Date()), isNull(users.deactivatedAt));
}

/** The person an invite link is for, or null when it is unknown, used, expired or the member was deactivated. */
export async function getInvite(ctx: AnonymousCtx, token: string): Promise<{ email: string; name: string | null } | null> {
  if (token.length < 20 || token.length > 100) return null;
  const [row] = await ctx.db.select({ email: users.email, name: users.name }).from(users).where(validInvite(token)).limit(1);
  return row ?? null;
}

/** Sets the password from an invite link, once: the link is consumed and earlier sessions end. */
export async function acceptInvite(
  ctx: AnonymousCtx,
  token: string,
  input: { password: string; confirm: string },
): Promise<{ email: string }> {
  const { password } = SetPasswordInput.parse(input);
  const passwordHash = await hashPassword(password);
  const [row] = await ctx.db
    .update(users)
    .set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(validInvite(token))
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  if (!row) throw new AppError("not_found", "This invite link is invalid, used or expired. Ask an admin for a new one.");
  await recordAudit(
    { ...ctx, actor: { kind: "user", userId: row.id, email: row.email, name: row.name, role: row.role } },
    { action: "auth.invite_accepted" },
  );
  return { email: row.email };
}
