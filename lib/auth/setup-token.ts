import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { apiKeys, instanceSecrets, users } from "@/db/schema";
import type { AnonymousCtx } from "./actor";

const NAME = "setup_token";

/**
 * `/setup` is open only on a fresh install: nobody exists and no API key does either (a headless install that
 * set BURNRATE_INIT_API_KEY is configured, not waiting for whoever comes first).
 */
export async function setupOpen(ctx: AnonymousCtx): Promise<boolean> {
  const [row] = await queryRows<{ open: boolean }>(
    ctx.db,
    sql`select not exists (select 1 from ${users}) and not exists (select 1 from ${apiKeys}) as open`,
  );
  return row?.open === true;
}

/**
 * At start: the one-time token `/setup` asks for while setup is open (the operator's BURNRATE_SETUP_TOKEN, else
 * one generated and kept in the database so every instance agrees), or null once setup is closed.
 */
export async function ensureSetupToken(ctx: AnonymousCtx, configured: string | undefined): Promise<string | null> {
  if (configured || !(await setupOpen(ctx))) {
    await ctx.db.delete(instanceSecrets).where(eq(instanceSecrets.name, NAME));
    return configured && (await setupOpen(ctx)) ? configured : null;
  }
  await ctx.db
    .insert(instanceSecrets)
    .values({ name: NAME, value: randomBytes(24).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await ctx.db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, NAME));
  return row?.value ?? null;
}

/** Constant-time comparison (of digests, so the length does not leak either). */
export async function setupTokenMatches(ctx: AnonymousCtx, presented: string, configured: string | undefined): Promise<boolean> {
  const [row] = configured
    ? []
    : await ctx.db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, NAME));
  const expected = configured ?? row?.value;
  if (!expected) return false;
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(presented.trim()), digest(expected));
}

/** The first admin exists: the token dies with it. */
export async function consumeSetupToken(ctx: AnonymousCtx): Promise<void> {
  await ctx.db.delete(instanceSecrets).where(eq(instanceSecrets.name, NAME));
}
