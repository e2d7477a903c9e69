import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, users } from "@/db/schema";
import type { Env } from "@/lib/env";
import { hashApiKey, keyPrefix } from "./api-keys";
import { hashPassword } from "./passwords";
import { API_SCOPES } from "./scopes";

/** Headless start (DESIGN §3.11): create the init admin and the init API key when set and not yet present. */
export async function bootstrap(
  db: Db,
  e: Pick<Env, "BURNRATE_INIT_API_KEY" | "BURNRATE_INIT_ADMIN_EMAIL" | "BURNRATE_INIT_ADMIN_PASSWORD">,
) {
  const email = e.BURNRATE_INIT_ADMIN_EMAIL?.toLowerCase();
  if (email && e.BURNRATE_INIT_ADMIN_PASSWORD) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (!existing) {
      const passwordHash = await hashPassword(e.BURNRATE_INIT_ADMIN_PASSWORD);
      await db.insert(users).values({ email, passwordHash, role: "admin", name: "Admin" }).onConflictDoNothing();
    }
  }
  const key = e.BURNRATE_INIT_API_KEY;
  if (key) {
    // Several instances may start at once: the unique hash makes the second insert a no-op.
    await db
      .insert(apiKeys)
      .values({ name: "init key (BURNRATE_INIT_API_KEY)", scopes: [...API_SCOPES], prefix: keyPrefix(key), keyHash: hashApiKey(key) })
      .onConflictDoNothing({ target: apiKeys.keyHash });
  }
}
