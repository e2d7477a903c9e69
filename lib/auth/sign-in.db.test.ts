import { desc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, signInThrottle, users } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { hashPassword } from "./passwords";
import { createFirstAdmin } from "./setup";
import { signInWithPassword } from "./sign-in";
import { THROTTLE } from "./throttle";

const PASSWORD = "correct horse battery";
const T0 = new Date("2026-11-20T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachDatabase("password sign-in and brute-force protection", (t) => {
  async function addUser(email: string, extra: Partial<typeof users.$inferInsert> = {}) {
    await t.handle.db.insert(users).values({ email, role: "member", passwordHash: await hashPassword(PASSWORD), ...extra });
  }

  it("signs in with the right password, refuses a wrong one, an unknown email and a deactivated member alike", async () => {
    await addUser("ann@example.com");
    await addUser("gone@example.com", { deactivatedAt: T0 });
    const ok = await signInWithPassword(t.handle.db, { email: " Ann@Example.com ", password: PASSWORD }, "198.51.100.1", T0);
    expect(ok).toMatchObject({ ok: true, user: { email: "ann@example.com", role: "member" } });
    for (const [email, password] of [
      ["ann@example.com", "wrong password!"],
      ["nobody@example.com", PASSWORD],
      ["gone@example.com", PASSWORD],
    ]) {
      expect(await signInWithPassword(t.handle.db, { email, password }, "198.51.100.1", T0)).toEqual({ ok: false, reason: "invalid" });
    }
    const log = await t.handle.db
      .select({ action: auditLog.action, target: auditLog.target, label: auditLog.actorLabel, ip: auditLog.ip })
      .from(auditLog)
      .orderBy(auditLog.id);
    expect(log).toEqual([
      { action: "auth.sign_in", target: null, label: "ann@example.com", ip: "198.51.100.1" },
      { action: "auth.sign_in_failed", target: "ann@example.com", label: "not signed in", ip: "198.51.100.1" },
      { action: "auth.sign_in_failed", target: "nobody@example.com", label: "not signed in", ip: "198.51.100.1" },
      { action: "auth.sign_in_failed", target: "gone@example.com", label: "not signed in", ip: "198.51.100.1" },
    ]);
  });

  it("locks an account after 5 failures, even for the right password, until the lock expires", async () => {
    await addUser("ann@example.com");
    for (let i = 0; i < THROTTLE.accountLimit; i++) {
      // Each guess from a different address: the account limit holds regardless.
      await signInWithPassword(t.handle.db, { email: "ann@example.com", password: `guess-${i}` }, `203.0.113.${i}`, later(i * 1000));
    }
    const blocked = await signInWithPassword(t.handle.db, { email: "ann@example.com", password: PASSWORD }, "198.51.100.9", later(60_000));
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (blocked.ok || blocked.reason !== "throttled") throw new Error("expected a lock");
    expect(blocked.retryAt.getTime()).toBe(later(4000).getTime() + THROTTLE.lockMs);
    const [entry] = await t.handle.db.select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(entry?.action).toBe("auth.sign_in_blocked");

    const after = await signInWithPassword(
      t.handle.db,
      { email: "ann@example.com", password: PASSWORD },
      "198.51.100.9",
      later(4000 + THROTTLE.lockMs + 1),
    );
    expect(after.ok).toBe(true);
    // Success clears the account's count.
    expect(await t.handle.db.select().from(signInThrottle).where(eq(signInThrottle.key, "account:ann@example.com"))).toEqual([]);
  });

  it("locks an address that tries many accounts, without locking those accounts elsewhere", async () => {
    await addUser("ann@example.com");
    for (let i = 0; i < THROTTLE.ipLimit; i++) {
      await signInWithPassword(t.handle.db, { email: `user${i}@example.com`, password: "x" }, "203.0.113.66", later(i));
    }
    expect(
      await signInWithPassword(t.handle.db, { email: "ann@example.com", password: PASSWORD }, "203.0.113.66", later(100)),
    ).toMatchObject({
      reason: "throttled",
    });
    expect(
      await signInWithPassword(t.handle.db, { email: "ann@example.com", password: PASSWORD }, "198.51.100.2", later(100)),
    ).toMatchObject({ ok: true });
  });

  it("counts every one of many concurrent wrong guesses", async () => {
    await addUser("ann@example.com");
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        signInWithPassword(t.handle.db, { email: "ann@example.com", password: `g${i}` }, `192.0.2.${i}`, T0),
      ),
    );
    const [row] = await t.handle.db.select().from(signInThrottle).where(eq(signInThrottle.key, "account:ann@example.com"));
    // Guesses that arrive after the lock are refused before counting; at least the limit was counted, and it locked.
    expect(row?.failures).toBeGreaterThanOrEqual(THROTTLE.accountLimit);
    expect(row?.lockedUntil).toBeInstanceOf(Date);
  });

  it("a failure outside the 15-minute window starts a new count", async () => {
    await addUser("ann@example.com");
    for (let i = 0; i < THROTTLE.accountLimit - 1; i++) {
      await signInWithPassword(t.handle.db, { email: "ann@example.com", password: "x" }, null, T0);
    }
    await signInWithPassword(t.handle.db, { email: "ann@example.com", password: "x" }, null, later(THROTTLE.windowMs + 1));
    const [row] = await t.handle.db.select().from(signInThrottle).where(eq(signInThrottle.key, "account:ann@example.com"));
    expect(row).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it("/setup creates the first admin exactly once, even when two requests race", async () => {
    const input = (email: string) => ({ email, name: "First", password: "a long enough password", confirm: "a long enough password" });
    const results = await Promise.allSettled([
      createFirstAdmin(t.handle.db, input("one@example.com"), null),
      createFirstAdmin(t.handle.db, input("two@example.com"), null),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await t.handle.db.select({ role: users.role }).from(users);
    expect(rows).toEqual([{ role: "admin" }]);
    await expect(createFirstAdmin(t.handle.db, input("three@example.com"), null)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createFirstAdmin(t.handle.db, { ...input("x@example.com"), confirm: "something else entirely" }, null),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["confirm"] })] });
  });
});
