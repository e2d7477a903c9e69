import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { instanceSecrets } from "@/db/schema";
import { env } from "@/lib/env";
import type { AnonymousCtx } from "./actor";

/**
 * The key that signs and encrypts session cookies: `BURNRATE_SECRET` (or `AUTH_SECRET`) when set, else one
 * generated on first start and kept in the database, so a fresh install needs no configuration and every
 * instance on the same database agrees on it.
 */
export async function getSessionSecret(ctx: AnonymousCtx): Promise<string> {
  const configured = env().BURNRATE_SECRET ?? env().AUTH_SECRET;
  if (configured) return configured;
  await ctx.db
    .insert(instanceSecrets)
    .values({ name: "session", value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await ctx.db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, "session"));
  if (!row) throw new Error("session secret missing after insert");
  return row.value;
}
