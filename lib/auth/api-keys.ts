import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import type { ApiScope } from "./scopes";

export interface ApiKeyActor {
  kind: "api_key";
  keyId: string;
  name: string;
  scopes: string[];
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** `br_` + 32 base62-ish characters (192 bits of randomness). The prefix shown in lists is the first 11 characters. */
export function generateApiKey(): string {
  return `br_${randomBytes(24).toString("base64url")}`;
}

export function keyPrefix(key: string): string {
  return key.slice(0, 11);
}

export async function createApiKey(
  db: DbOrTx,
  input: { name: string; scopes: ApiScope[]; key?: string; createdBy?: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const key = input.key ?? generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ name: input.name, scopes: input.scopes, prefix: keyPrefix(key), keyHash: hashApiKey(key), createdBy: input.createdBy })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("insert returned no row");
  return { id: row.id, key, prefix: keyPrefix(key) };
}

/** Looks a presented key up by its hash; revoked keys are unknown. `last_used_at` is written at most once a minute. */
export async function authenticateApiKey(db: DbOrTx, presented: string): Promise<ApiKeyActor | null> {
  const [row] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000)))));
  }
  return { kind: "api_key", keyId: row.id, name: row.name, scopes: row.scopes };
}
