import { expect, it } from "vitest";
import { instanceSecrets, users } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { describeEachDatabase } from "@/scripts/test/databases";
import { createApiKey } from "./api-keys";
import { bootstrap } from "./bootstrap";
import { createFirstAdmin } from "./setup";
import { ensureSetupToken, setupOpen } from "./setup-token";

const input = (email: string, token: string) => ({
  email,
  name: "First",
  password: "a long enough password",
  confirm: "a long enough password",
  token,
});

describeEachDatabase("first run (/setup)", (t) => {
  it("needs the token from the server log; creates the first admin exactly once, even when two requests race", async () => {
    const token = await ensureSetupToken({ db: t.handle.db }, undefined);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await ensureSetupToken({ db: t.handle.db }, undefined)).toBe(token); // every instance prints the same one
    await expect(createFirstAdmin({ db: t.handle.db, ip: null }, input("eve@example.com", "guess"), undefined)).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "token" }],
    });
    const results = await Promise.allSettled([
      createFirstAdmin({ db: t.handle.db, ip: null }, input("one@example.com", `${token}`), undefined),
      createFirstAdmin({ db: t.handle.db, ip: null }, input("two@example.com", ` ${token} `), undefined),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.handle.db.select({ role: users.role }).from(users)).toEqual([{ role: "admin" }]);
    // The token died with the first admin.
    expect(await t.handle.db.select().from(instanceSecrets)).toEqual([]);
    await expect(createFirstAdmin({ db: t.handle.db, ip: null }, input("three@example.com", `${token}`), undefined)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await ensureSetupToken({ db: t.handle.db }, undefined)).toBeNull();
    await expect(
      createFirstAdmin({ db: t.handle.db, ip: null }, { ...input("x@example.com", "t"), confirm: "something else entirely" }, undefined),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["confirm"] })] });
  });

  it("takes the operator's BURNRATE_SETUP_TOKEN instead of a generated one", async () => {
    const configured = "operator-chosen-setup-token-0123";
    expect(await ensureSetupToken({ db: t.handle.db }, configured)).toBe(configured);
    expect(await t.handle.db.select().from(instanceSecrets)).toEqual([]);
    await expect(createFirstAdmin({ db: t.handle.db, ip: null }, input("a@example.com", "wrong-token"), configured)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await createFirstAdmin({ db: t.handle.db, ip: null }, input("a@example.com", configured), configured);
  });

  it("is closed on a headless install with only BURNRATE_INIT_API_KEY: no admin can be claimed", async () => {
    await bootstrap(systemContext(t.handle.db), { BURNRATE_INIT_API_KEY: "br_init_0123456789abcdefghijkl" });
    expect(await setupOpen({ db: t.handle.db })).toBe(false);
    expect(await ensureSetupToken({ db: t.handle.db }, undefined)).toBeNull();
    await expect(
      createFirstAdmin(
        { db: t.handle.db, ip: null },
        input("eve@example.com", "operator-chosen-setup-token-0123"),
        "operator-chosen-setup-token-0123",
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("is closed by any API key or any member", async () => {
    expect(await setupOpen({ db: t.handle.db })).toBe(true);
    await createApiKey(systemContext(t.handle.db), { name: "k", scopes: ["read"] });
    expect(await setupOpen({ db: t.handle.db })).toBe(false);
  });
});
