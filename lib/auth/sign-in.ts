import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { recordAnonymousAudit, recordAudit } from "@/lib/audit/record-audit";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import type { AnonymousCtx, UserActor } from "./actor";
import { hashPassword, verifyPassword } from "./passwords";
import { beginAttempt, clearPair, recordSignInFailure, throttleKeys } from "./throttle";

export const PasswordSignInInput = z.object({
  email: z.string().trim().toLowerCase().max(320).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  password: z.string().max(1024),
});

export type SignInResult =
  | { ok: true; user: UserActor & { sessionEpoch: number } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

// Unknown emails still pay for one scrypt, so response time does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

/** Email + password sign-in, throttled per (account, `ctx.ip`) (lib/auth/throttle-policy.ts); every outcome is audited. */
export async function signInWithPassword(
  ctx: AnonymousCtx,
  raw: { email: unknown; password: unknown },
  now = new Date(),
): Promise<SignInResult> {
  const parsed = PasswordSignInInput.safeParse(raw);
  if (!parsed.success || parsed.data.email === "") return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const keys = throttleKeys(email, ctx.ip ?? null);
  const { retryAt: until } = await beginAttempt(ctx, keys, now);
  if (until) {
    await recordAnonymousAudit(ctx, {
      action: "auth.sign_in_blocked",
      target: email,
      details: { until: until.toISOString() },
    });
    return { ok: false, reason: "throttled", retryAt: until };
  }

  const [user] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, hash: users.passwordHash, epoch: users.sessionEpoch })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deactivatedAt)))
    .limit(1);
  dummyHash ??= hashPassword("burnrate-timing-equaliser");
  const ok = await verifyPassword(password, user?.hash ?? (await dummyHash));
  if (!user?.hash || !ok) {
    await recordSignInFailure(ctx, keys, now);
    await recordAnonymousAudit(ctx, { action: "auth.sign_in_failed", target: email, details: { method: "password" } });
    return { ok: false, reason: "invalid" };
  }

  await clearPair(ctx, keys);
  await ctx.db.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  const actor: UserActor = { kind: "user", userId: user.id, email: user.email, name: user.name, role: user.role };
  await recordAudit({ ...ctx, actor }, { action: "auth.sign_in", details: { method: "password" } });
  return { ok: true, user: { ...actor, sessionEpoch: user.epoch } };
}

/** GitHub / OIDC sign-in: only people an admin has added, matched by an email the provider verified, get in. */
export async function signInWithProvider(
  ctx: AnonymousCtx,
  input: { email: string | null | undefined; emailVerified: boolean; provider: string },
): Promise<boolean> {
  const email = input.email?.trim().toLowerCase();
  if (!input.emailVerified) {
    await recordAnonymousAudit(ctx, {
      action: "auth.sign_in_failed",
      target: email ?? null,
      details: { method: input.provider, reason: "email not verified by the provider" },
    });
    return false;
  }
  const [user] = email
    ? await ctx.db
        .select({ id: users.id, email: users.email, name: users.name, role: users.role })
        .from(users)
        .where(and(eq(users.email, email), isNull(users.deactivatedAt)))
        .limit(1)
    : [];
  if (!user) {
    await recordAnonymousAudit(ctx, {
      action: "auth.sign_in_failed",
      target: email ?? null,
      details: { method: input.provider, reason: "no active member with this email" },
    });
    return false;
  }
  await ctx.db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit(
    { ...ctx, actor: { kind: "user", userId: user.id, email: user.email, name: user.name, role: user.role } },
    {
      action: "auth.sign_in",
      details: { method: input.provider },
    },
  );
  return true;
}
