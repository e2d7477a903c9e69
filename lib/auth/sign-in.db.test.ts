import { desc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, signInThrottle, users } from "@/db/schema";
import { describeEachDatabase } from "@/scripts/test/databases";
import { hashPassword } from "./passwords";
import { signInWithPassword, signInWithProvider } from "./sign-in";
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
    const ok = await signInWithPassword({ db: t.handle.db, ip: "198.51.100.1" }, { email: " Ann@Example.com ", password: PASSWORD }, T0);
    expect(ok).toMatchObject({ ok: true, user: { email: "ann@example.com", role: "member" } });
    for (const [email, password] of [
      ["ann@example.com", "wrong password!"],
      ["nobody@example.com", PASSWORD],
      ["gone@example.com", PASSWORD],
    ]) {
      expect(await signInWithPassword({ db: t.handle.db, ip: "198.51.100.1" }, { email, password }, T0)).toEqual({
        ok: false,
        reason: "invalid",
      });
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

  const attempt = (email: string, password: string, ip: string | null, at: Date) =>
    signInWithPassword({ db: t.handle.db, ip: ip }, { email, password }, at);

  it("slows an attacker's address with growing delays while the owner signs in from another address", async () => {
    await addUser("admin@example.com");
    const attacker = "203.0.113.7";
    for (let i = 0; i < THROTTLE.freeFailures; i++) {
      expect(await attempt("admin@example.com", `guess-${i}`, attacker, later(i))).toEqual({ ok: false, reason: "invalid" });
    }
    const last = THROTTLE.freeFailures - 1;
    // The right password from the address that failed waits too: the guesses could have been anyone's.
    const blocked = await attempt("admin@example.com", PASSWORD, attacker, later(last + 1));
    expect(blocked).toEqual({ ok: false, reason: "throttled", retryAt: later(last + THROTTLE.baseDelayMs) });
    const [entry] = await t.handle.db.select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(entry?.action).toBe("auth.sign_in_blocked");

    // Meanwhile the owner, at an address that has not failed, gets in: no lock-out as a weapon.
    expect(await attempt("admin@example.com", PASSWORD, "198.51.100.9", later(last + 2))).toMatchObject({ ok: true });

    // After the delay one more guess is allowed; the next delay is twice as long.
    const t1 = last + THROTTLE.baseDelayMs;
    expect(await attempt("admin@example.com", "guess-again", attacker, later(t1))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("admin@example.com", "guess-more", attacker, later(t1 + 1))).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: later(t1 + 2 * THROTTLE.baseDelayMs),
    });
    // A day after its last failure the pair is forgotten.
    expect(await attempt("admin@example.com", PASSWORD, attacker, later(t1 + THROTTLE.pairMemoryMs))).toMatchObject({ ok: true });
  });

  it("an account guessed from many addresses leaves each a single free failure, and its owner still gets in", async () => {
    await addUser("ann@example.com");
    for (let i = 0; i < THROTTLE.accountAlert; i++) await attempt("ann@example.com", `g${i}`, `203.0.113.${i}`, later(i));
    const fresh = "192.0.2.50";
    expect(await attempt("ann@example.com", "one guess", fresh, later(100))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("ann@example.com", "two guesses", fresh, later(101))).toMatchObject({ ok: false, reason: "throttled" });
    expect(await attempt("ann@example.com", PASSWORD, "198.51.100.9", later(102))).toMatchObject({ ok: true });
  });

  it("an address that tries many accounts waits for all of them; those accounts still work elsewhere", async () => {
    await addUser("ann@example.com");
    await t.handle.db
      .insert(signInThrottle)
      .values({ key: "ip:203.0.113.66", failures: THROTTLE.addressLimit, windowStartedAt: T0, lastFailureAt: T0 });
    expect(await attempt("ann@example.com", PASSWORD, "203.0.113.66", later(100))).toMatchObject({ reason: "throttled" });
    expect(await attempt("ann@example.com", PASSWORD, "198.51.100.2", later(100))).toMatchObject({ ok: true });
    // The address window ends: it may try again.
    expect(await attempt("ann@example.com", PASSWORD, "203.0.113.66", later(THROTTLE.windowMs))).toMatchObject({ ok: true });
  });

  it("password spraying across the instance: every address that failed waits after one failure, clean addresses do not", async () => {
    await addUser("ann@example.com");
    await t.handle.db
      .insert(signInThrottle)
      .values({ key: "global", failures: THROTTLE.globalAlert, windowStartedAt: T0, lastFailureAt: T0 });
    expect(await attempt("bob@example.com", "spray", "203.0.113.80", later(1))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("ann@example.com", "spray", "203.0.113.80", later(2))).toMatchObject({ reason: "throttled" });
    expect(await attempt("ann@example.com", PASSWORD, "198.51.100.3", later(3))).toMatchObject({ ok: true });
  });

  it("concurrent guesses on one (account, address) get the same free attempts as sequential ones", async () => {
    await addUser("ann@example.com");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt("ann@example.com", `g${i}`, "192.0.2.9", T0)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(THROTTLE.freeFailures);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(12 - THROTTLE.freeFailures);
    const [row] = await t.handle.db.select().from(signInThrottle).where(eq(signInThrottle.key, "pair:ann@example.com|192.0.2.9"));
    expect(row?.failures).toBe(THROTTLE.freeFailures);
  });

  it("a success clears only its own pair", async () => {
    await addUser("ann@example.com");
    await attempt("ann@example.com", "typo", "192.0.2.1", T0);
    await attempt("ann@example.com", "typo", "192.0.2.2", T0);
    await attempt("ann@example.com", PASSWORD, "192.0.2.1", later(1));
    const keys = (await t.handle.db.select({ key: signInThrottle.key }).from(signInThrottle))
      .map((r) => r.key)
      .filter((k) => !k.startsWith("audit:"))
      .sort();
    expect(keys).toEqual(["account:ann@example.com", "global", "ip:192.0.2.1", "ip:192.0.2.2", "pair:ann@example.com|192.0.2.2"]);
  });

  it("GitHub / OIDC: a member is matched only when the provider verified the email", async () => {
    await addUser("admin@example.com");
    const provider = (emailVerified: boolean) =>
      signInWithProvider({ db: t.handle.db, ip: null }, { email: "Admin@example.com", emailVerified, provider: "oidc" });
    expect(await provider(false)).toBe(false);
    expect(await provider(true)).toBe(true);
    const log = await t.handle.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).orderBy(auditLog.id);
    expect(log).toEqual([
      { action: "auth.sign_in_failed", details: { method: "oidc", reason: "email not verified by the provider" } },
      { action: "auth.sign_in", details: { method: "oidc" } },
    ]);
  });
});
