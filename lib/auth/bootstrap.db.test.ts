import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { apiKeys, users } from "@/db/schema";
import { systemContext } from "@/lib/auth/actor";
import { describeEachDatabase } from "@/scripts/test/databases";
import { authenticateApiKey, createApiKey, hashApiKey } from "./api-keys";
import { bootstrap } from "./bootstrap";
import { verifyPassword } from "./passwords";
import { hasScope } from "./scopes";

const INIT = {
  BURNRATE_INIT_ADMIN_EMAIL: "Ops@Example.com",
  BURNRATE_INIT_ADMIN_PASSWORD: "a-long-enough-password",
  BURNRATE_INIT_API_KEY: "br_init_0123456789abcdefghijkl",
};

describeEachDatabase("headless start and API keys", (t) => {
  it("creates the init admin and the init key once, with only hashes stored", async () => {
    await bootstrap(systemContext(t.handle.db), INIT);
    await Promise.all([bootstrap(systemContext(t.handle.db), INIT), bootstrap(systemContext(t.handle.db), INIT)]);
    const admins = await t.handle.db.select({ email: users.email, role: users.role, hash: users.passwordHash }).from(users);
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({ email: "ops@example.com", role: "admin" });
    expect(await verifyPassword(INIT.BURNRATE_INIT_ADMIN_PASSWORD, admins[0]?.hash ?? "")).toBe(true);

    const keys = await t.handle.db.select({ hash: apiKeys.keyHash, scopes: apiKeys.scopes, prefix: apiKeys.prefix }).from(apiKeys);
    expect(keys).toEqual([
      { hash: hashApiKey(INIT.BURNRATE_INIT_API_KEY), scopes: ["ingest", "read", "export", "admin"], prefix: "br_init_012" },
    ]);
    const dump = await queryRows<Record<string, unknown>>(t.handle.db, sql`select * from api_keys`);
    expect(JSON.stringify(dump)).not.toContain(INIT.BURNRATE_INIT_API_KEY);
  });

  it("a changed BURNRATE_INIT_API_KEY revokes the init key it replaces, and only that key", async () => {
    const other = await createApiKey(systemContext(t.handle.db), { name: "ci", scopes: ["read"] });
    await bootstrap(systemContext(t.handle.db), INIT);
    expect(await authenticateApiKey({ db: t.handle.db }, INIT.BURNRATE_INIT_API_KEY)).not.toBeNull();
    const rotated = "br_init_rotated_0123456789abcdef";
    await bootstrap(systemContext(t.handle.db), { ...INIT, BURNRATE_INIT_API_KEY: rotated });
    expect(await authenticateApiKey({ db: t.handle.db }, INIT.BURNRATE_INIT_API_KEY)).toBeNull();
    expect(await authenticateApiKey({ db: t.handle.db }, rotated)).toMatchObject({ scopes: ["ingest", "read", "export", "admin"] });
    expect(await authenticateApiKey({ db: t.handle.db }, other.key)).not.toBeNull();
    // Restarting with the rotated key changes nothing; going back does not revive the revoked key.
    await bootstrap(systemContext(t.handle.db), { ...INIT, BURNRATE_INIT_API_KEY: rotated });
    expect(await authenticateApiKey({ db: t.handle.db }, rotated)).not.toBeNull();
    await bootstrap(systemContext(t.handle.db), INIT);
    expect(await authenticateApiKey({ db: t.handle.db }, INIT.BURNRATE_INIT_API_KEY)).toBeNull();
  });

  it("prints a setup token only while setup is open", async () => {
    const lines: string[] = [];
    await bootstrap(systemContext(t.handle.db), {}, (l) => lines.push(l));
    expect(lines).toEqual([
      expect.stringMatching(/^\[burnrate\] first run: open \/setup and enter this setup token .*: [A-Za-z0-9_-]{32}$/),
    ]);
    await bootstrap(systemContext(t.handle.db), { BURNRATE_INIT_API_KEY: INIT.BURNRATE_INIT_API_KEY }, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
  });

  it("authenticates a key by its hash with its scopes, and forgets a revoked key at once", async () => {
    const { id, key } = await createApiKey(systemContext(t.handle.db), { name: "ci", scopes: ["read"] });
    expect(key).toMatch(/^br_[A-Za-z0-9_-]{32}$/);
    const actor = await authenticateApiKey({ db: t.handle.db }, key);
    expect(actor).toMatchObject({ keyId: id, scopes: ["read"] });
    expect(hasScope(actor?.scopes ?? [], "read")).toBe(true);
    expect(hasScope(actor?.scopes ?? [], "ingest")).toBe(false);
    expect(await authenticateApiKey({ db: t.handle.db }, `${key}x`)).toBeNull();
    const [used] = await t.handle.db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    await t.handle.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    expect(await authenticateApiKey({ db: t.handle.db }, key)).toBeNull();
  });
});
