import { expect, it } from "vitest";
import { instanceSecrets, users } from "@/db/schema";
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
    const token = await ensureSetupToken(t.handle.db, undefined);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await ensureSetupToken(t.handle.db, undefined)).toBe(token); // every instance prints the same one
    await expect(createFirstAdmin(t.handle.db, input("eve@example.com", "guess"), null, undefined)).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "token" }],
    });
    const results = await Promise.allSettled([
      createFirstAdmin(t.handle.db, input("one@example.com", `${token}`), null, undefined),
      createFirstAdmin(t.handle.db, input("two@example.com", ` ${token} `), null, undefined),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.handle.db.select({ role: users.role }).from(users)).toEqual([{ role: "admin" }]);
    // The token died with the first admin.
    expect(await t.handle.db.select().from(instanceSecrets)).toEqual([]);
    await expect(createFirstAdmin(t.handle.db, input("three@example.com", `${token}`), null, undefined)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await ensureSetupToken(t.handle.db, undefined)).toBeNull();
    await expect(
      createFirstAdmin(t.handle.db, { ...input("x@example.com", "t"), confirm: "something else entirely" }, null, undefined),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["confirm"] })] });
  });

  it("takes the operator's BURNRATE_SETUP_TOKEN instead of a generated one", async () => {
    const configured = "operator-chosen-setup-token-0123";
    expect(await ensureSetupToken(t.handle.db, configured)).toBe(configured);
    expect(await t.handle.db.select().from(instanceSecrets)).toEqual([]);
    await expect(createFirstAdmin(t.handle.db, input("a@example.com", "wrong-token"), null, configured)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await createFirstAdmin(t.handle.db, input("a@example.com", configured), null, configured);
  });

  it("is closed on a headless install with only BURNRATE_INIT_API_KEY: no admin can be claimed", async () => {
    await bootstrap(t.handle.db, { BURNRATE_INIT_API_KEY: "br_init_0123456789abcdefghijkl" });
    expect(await setupOpen(t.handle.db)).toBe(false);
    expect(await ensureSetupToken(t.handle.db, undefined)).toBeNull();
    await expect(
      createFirstAdmin(t.handle.db, input("eve@example.com", "operator-chosen-setup-token-0123"), null, "operator-chosen-setup-token-0123"),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("is closed by any API key or any member", async () => {
    expect(await setupOpen(t.handle.db)).toBe(true);
    await createApiKey(t.handle.db, { name: "k", scopes: ["read"] });
    expect(await setupOpen(t.handle.db)).toBe(false);
  });
});
