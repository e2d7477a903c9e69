import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import { apiKeys, users } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import type { Env } from "@/lib/env";
import { hashApiKey, keyPrefix } from "./api-keys";
import { hashPassword } from "./passwords";
import { API_SCOPES } from "./scopes";
import { ensureSetupToken } from "./setup-token";

/**
 * Headless start (DESIGN §3.11): create the init admin and the init API key when set and not yet present; a
 * changed BURNRATE_INIT_API_KEY revokes the key it replaces. On a fresh install, print the setup token.
 */
export async function bootstrap(
  ctx: Ctx,
  e: Pick<Env, "BURNRATE_INIT_API_KEY" | "BURNRATE_INIT_ADMIN_EMAIL" | "BURNRATE_INIT_ADMIN_PASSWORD" | "BURNRATE_SETUP_TOKEN">,
  log: (line: string) => void = console.log,
) {
  const email = e.BURNRATE_INIT_ADMIN_EMAIL?.toLowerCase();
  if (email && e.BURNRATE_INIT_ADMIN_PASSWORD) {
    const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (!existing) {
      const passwordHash = await hashPassword(e.BURNRATE_INIT_ADMIN_PASSWORD);
      await ctx.db.insert(users).values({ email, passwordHash, role: "admin", name: "Admin" }).onConflictDoNothing();
    }
  }
  const key = e.BURNRATE_INIT_API_KEY;
  if (key) {
    const hash = hashApiKey(key);
    await ctx.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.isInit, true), ne(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
    // Several instances may start at once: the unique hash makes the second insert a no-op (and a key an admin
    // revoked stays revoked).
    await ctx.db
      .insert(apiKeys)
      .values({ name: "init key (BURNRATE_INIT_API_KEY)", scopes: [...API_SCOPES], prefix: keyPrefix(key), keyHash: hash, isInit: true })
      .onConflictDoNothing({ target: apiKeys.keyHash });
  }
  const token = await ensureSetupToken(ctx, e.BURNRATE_SETUP_TOKEN);
  if (token) {
    log(
      e.BURNRATE_SETUP_TOKEN
        ? "[burnrate] first run: open /setup and enter BURNRATE_SETUP_TOKEN to create the first admin"
        : `[burnrate] first run: open /setup and enter this setup token to create the first admin: ${token}`,
    );
  }
}
