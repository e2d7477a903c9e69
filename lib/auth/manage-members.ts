import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { type AnonymousCtx, type Ctx, withTransaction } from "./actor";
import { INVITE_TTL_MS, invitePath, newInviteToken } from "./invites";
import { assertCan } from "./permissions";
import { ChangeRoleInput, InviteMemberInput } from "./schemas";

// Member changes that could leave no admin take this lock, so two concurrent demotions cannot both pass the check.
const MEMBERS_LOCK = 727275;

export async function lockMembers(ctx: AnonymousCtx & { db: Tx }) {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(${MEMBERS_LOCK})`);
}

async function getMember(tx: Tx, userId: string) {
  if (!z.uuid().safeParse(userId).success) throw new AppError("not_found", "No such member.");
  const [row] = await tx
    .select({ id: users.id, email: users.email, role: users.role, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new AppError("not_found", "No such member.");
  return row;
}

async function assertAnotherAdmin(tx: Tx, userId: string, what: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt), ne(users.id, userId)));
  if ((row?.n ?? 0) === 0)
    throw new AppError("validation_failed", `${what}: Burnrate needs at least one active admin. Make someone else an admin first.`);
}

/** Adds a person with a role and returns a one-time invite link (valid 7 days) for them to set a password. */
export async function inviteMember(ctx: Ctx, input: InviteMemberInput): Promise<{ userId: string; path: string }> {
  assertCan(ctx.actor, "members:manage");
  const parsed = InviteMemberInput.parse(input);
  const { token, hash } = newInviteToken();
  return withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .insert(users)
      .values({
        email: parsed.email,
        name: parsed.name || null,
        role: parsed.role,
        inviteTokenHash: hash,
        inviteExpiresAt: new Date(Date.now() + INVITE_TTL_MS),
      })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!row)
      throw new AppError("validation_failed", `${parsed.email} is already a member.`, [{ path: "email", message: "Already a member" }]);
    await recordAudit(ctx, { action: "member.invited", target: parsed.email, details: { role: parsed.role } });
    return { userId: row.id, path: invitePath(token) };
  });
}

/** A fresh invite link for an existing member (lost invite, forgotten password); the old link stops working. */
export async function renewInvite(ctx: Ctx, userId: string): Promise<{ path: string }> {
  assertCan(ctx.actor, "members:manage");
  const { token, hash } = newInviteToken();
  return withTransaction(ctx, async (ctx) => {
    const member = await getMember(ctx.db, userId);
    if (member.deactivatedAt) throw new AppError("validation_failed", "Reactivate this member before sending a new invite.");
    await ctx.db
      .update(users)
      .set({ inviteTokenHash: hash, inviteExpiresAt: new Date(Date.now() + INVITE_TTL_MS) })
      .where(eq(users.id, userId));
    await recordAudit(ctx, { action: "member.invite_renewed", target: member.email });
    return { path: invitePath(token) };
  });
}

export async function changeRole(ctx: Ctx, input: ChangeRoleInput): Promise<void> {
  assertCan(ctx.actor, "members:manage");
  const { userId, role } = ChangeRoleInput.parse(input);
  await withTransaction(ctx, async (ctx) => {
    await lockMembers(ctx);
    const member = await getMember(ctx.db, userId);
    if (member.role === role) return;
    if (member.role === "admin" && !member.deactivatedAt) await assertAnotherAdmin(ctx.db, userId, "Cannot change the last admin's role");
    await ctx.db.update(users).set({ role }).where(eq(users.id, userId));
    await recordAudit(ctx, { action: "member.role_changed", target: member.email, details: { from: member.role, to: role } });
  });
}

/** Signs the member out everywhere at once (the session epoch moves) and refuses their future sign-ins. */
export async function deactivateMember(ctx: Ctx, userId: string): Promise<void> {
  assertCan(ctx.actor, "members:manage");
  await withTransaction(ctx, async (ctx) => {
    await lockMembers(ctx);
    const member = await getMember(ctx.db, userId);
    if (member.deactivatedAt) return;
    if (member.role === "admin") await assertAnotherAdmin(ctx.db, userId, "Cannot deactivate the last admin");
    await ctx.db
      .update(users)
      .set({ deactivatedAt: new Date(), sessionEpoch: sql`${users.sessionEpoch} + 1`, inviteTokenHash: null, inviteExpiresAt: null })
      .where(eq(users.id, userId));
    await recordAudit(ctx, { action: "member.deactivated", target: member.email });
  });
}

export async function reactivateMember(ctx: Ctx, userId: string): Promise<void> {
  assertCan(ctx.actor, "members:manage");
  await withTransaction(ctx, async (ctx) => {
    const member = await getMember(ctx.db, userId);
    if (!member.deactivatedAt) return;
    await ctx.db.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId));
    await recordAudit(ctx, { action: "member.reactivated", target: member.email });
  });
}
