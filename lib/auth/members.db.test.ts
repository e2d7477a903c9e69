import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { acceptInvite, getInvite } from "./accept-invite";
import type { Ctx, UserActor } from "./actor";
import { createApiKeyAs, listApiKeys, revokeApiKey } from "./api-keys";
import { changeRole, deactivateMember, inviteMember, reactivateMember, renewInvite } from "./manage-members";
import { listMembers } from "./members";
import { loadSessionUser } from "./session-user";
import { signInWithPassword } from "./sign-in";

const NEW_PASSWORD = { password: "twelve chars ok", confirm: "twelve chars ok" };

describeEachDatabase("members, invites, roles and API keys", (t) => {
  async function admin(email = "root@example.com"): Promise<Ctx & { actor: UserActor }> {
    const [row] = await t.handle.db.insert(users).values({ email, role: "admin", passwordHash: "x" }).returning();
    if (!row) throw new Error("no row");
    return { db: t.handle.db, ip: "192.0.2.1", actor: { kind: "user", userId: row.id, email, name: null, role: "admin" } };
  }
  const tokenOf = (path: string) => path.split("/").at(-1) ?? "";

  it("an invite link sets the password once; a renewed link replaces the old one", async () => {
    const ctx = await admin();
    const { userId, path } = await inviteMember(ctx, { email: " New@Example.com", role: "finance" });
    expect(path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(await getInvite({ db: t.handle.db }, tokenOf(path))).toEqual({ email: "new@example.com", name: null });
    expect((await listMembers(ctx)).find((m) => m.id === userId)).toMatchObject({ status: "invited", role: "finance" });

    const renewed = await renewInvite(ctx, userId);
    expect(await getInvite({ db: t.handle.db }, tokenOf(path))).toBeNull();
    await expect(acceptInvite({ db: t.handle.db, ip: null }, tokenOf(path), NEW_PASSWORD)).rejects.toMatchObject({ code: "not_found" });

    await acceptInvite({ db: t.handle.db, ip: null }, tokenOf(renewed.path), NEW_PASSWORD);
    await expect(acceptInvite({ db: t.handle.db, ip: null }, tokenOf(renewed.path), NEW_PASSWORD)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(
      await signInWithPassword({ db: t.handle.db, ip: null }, { email: "new@example.com", password: NEW_PASSWORD.password }),
    ).toMatchObject({
      ok: true,
      user: { role: "finance" },
    });
    await expect(inviteMember(ctx, { email: "new@example.com", role: "member" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("an expired invite does not work", async () => {
    const ctx = await admin();
    const { userId, path } = await inviteMember(ctx, { email: "late@example.com", role: "member" });
    await t.handle.db
      .update(users)
      .set({ inviteExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(users.id, userId));
    expect(await getInvite({ db: t.handle.db }, tokenOf(path))).toBeNull();
  });

  it("the last active admin cannot be demoted or deactivated; with two admins one can go", async () => {
    const ctx = await admin();
    await expect(changeRole(ctx, { userId: ctx.actor.userId, role: "member" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(deactivateMember(ctx, ctx.actor.userId)).rejects.toThrow("needs at least one active admin");

    const other = await admin("second@example.com");
    await changeRole(ctx, { userId: other.actor.userId, role: "member" });
    await changeRole(ctx, { userId: other.actor.userId, role: "admin" });
    await deactivateMember(ctx, other.actor.userId);
    // A deactivated admin does not count: the remaining one is the last.
    await expect(changeRole(ctx, { userId: ctx.actor.userId, role: "finance" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("two admins demoting each other at the same moment leave exactly one admin", async () => {
    const a = await admin("a@example.com");
    const b = await admin("b@example.com");
    const results = await Promise.allSettled([
      changeRole(a, { userId: b.actor.userId, role: "member" }),
      changeRole(b, { userId: a.actor.userId, role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await t.handle.db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);
  });

  it("deactivation ends existing sessions at once; a role change shows on the next request", async () => {
    const ctx = await admin();
    const other = await admin("m@example.com");
    const claims = { uid: other.actor.userId, epoch: 0, sid: "a-session-id-0123456789" };
    expect(await loadSessionUser({ db: t.handle.db }, claims)).toMatchObject({ role: "admin" });
    await changeRole(ctx, { userId: other.actor.userId, role: "member" });
    expect(await loadSessionUser({ db: t.handle.db }, claims)).toMatchObject({ role: "member" });
    await deactivateMember(ctx, other.actor.userId);
    expect(await loadSessionUser({ db: t.handle.db }, claims)).toBeNull();
    await reactivateMember(ctx, other.actor.userId);
    // Reactivation does not revive the old session: the epoch moved on.
    expect(await loadSessionUser({ db: t.handle.db }, claims)).toBeNull();
    expect(await loadSessionUser({ db: t.handle.db }, { ...claims, epoch: 1 })).toMatchObject({ role: "member" });
    expect(await loadSessionUser({ db: t.handle.db }, { ...claims, uid: "not-a-uuid" })).toBeNull();
    // A token without a session id (issued before sign-out could revoke one) is no session.
    expect(await loadSessionUser({ db: t.handle.db }, { ...claims, epoch: 1, sid: undefined })).toBeNull();
  });

  it("only admins (or admin-scoped keys) manage members and keys; the checks live in lib, not the UI", async () => {
    const ctx = await admin();
    const member: Ctx = { db: t.handle.db, actor: { ...ctx.actor, role: "member" } };
    const finance: Ctx = { db: t.handle.db, actor: { ...ctx.actor, role: "finance" } };
    const readKey: Ctx = { db: t.handle.db, actor: { kind: "api_key", keyId: "k", name: "reader", scopes: ["read"] } };
    for (const who of [member, finance, readKey]) {
      await expect(listMembers(who)).rejects.toMatchObject({ code: "forbidden" });
      await expect(inviteMember(who, { email: "x@example.com", role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(changeRole(who, { userId: ctx.actor.userId, role: "member" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listApiKeys(who)).rejects.toMatchObject({ code: "forbidden" });
      await expect(createApiKeyAs(who, { name: "x", scopes: ["admin"] })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await t.handle.db.select({ id: users.id }).from(users)).toHaveLength(1);
  });

  it("API keys: created with scopes and audited, listed without the secret, revoked once", async () => {
    const ctx = await admin();
    const { id, key } = await createApiKeyAs(ctx, { name: " ci ", scopes: ["export", "read", "read"] });
    const [row] = await listApiKeys(ctx);
    expect(row).toMatchObject({ id, name: "ci", scopes: ["read", "export"], createdBy: "root@example.com", revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key.slice(11));
    await revokeApiKey(ctx, id);
    await expect(revokeApiKey(ctx, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(createApiKeyAs(ctx, { name: "", scopes: [] })).rejects.toMatchObject({ name: "ZodError" });
    const actions = await t.handle.db
      .select({ action: auditLog.action, target: auditLog.target, ip: auditLog.ip })
      .from(auditLog)
      .orderBy(auditLog.id);
    expect(actions).toEqual([
      { action: "api_key.created", target: `ci (${key.slice(0, 11)}…)`, ip: "192.0.2.1" },
      { action: "api_key.revoked", target: `ci (${key.slice(0, 11)}…)`, ip: "192.0.2.1" },
    ]);
  });
});
