import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { apiKeys, type GatewayName, type GatewayOptions, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { type AnonymousCtx, type ApiKeyActor, type Ctx, withTransaction } from "./actor";
import { assertCan } from "./permissions";
import { API_SCOPES, type ApiScope } from "./scopes";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** `br_` + 32 base64url characters (192 bits of randomness). The prefix shown in lists is the first 11 characters. */
export function generateApiKey(): string {
  return `br_${randomBytes(24).toString("base64url")}`;
}

export function keyPrefix(key: string): string {
  return key.slice(0, 11);
}

/** Low-level insert (bootstrap, scripts, tests). People go through `createApiKeyAs`, which checks and audits. */
export async function createApiKey(
  ctx: Ctx,
  input: { name: string; scopes: ApiScope[]; key?: string; createdBy?: string; gateway?: GatewayName; gatewayOptions?: GatewayOptions },
): Promise<{ id: string; key: string; prefix: string }> {
  const key = input.key ?? generateApiKey();
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      name: input.name,
      scopes: input.scopes,
      prefix: keyPrefix(key),
      keyHash: hashApiKey(key),
      createdBy: input.createdBy,
      gateway: input.gateway,
      gatewayOptions: input.gatewayOptions,
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("insert returned no row");
  return { id: row.id, key, prefix: keyPrefix(key) };
}

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "At most 100 characters").refine(isStorableText, STORABLE_TEXT_MESSAGE),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1, "Choose at least one scope")
    .transform((s) => API_SCOPES.filter((x) => s.includes(x))),
  /** A key made for one gateway (Settings → Connect) is bound to it from the start (lib/gateways/key-binding.ts). */
  gateway: z.enum(["litellm", "openmeter"]).optional(),
  gateway_options: z
    .object({
      subject: z.enum(["customer", "user", "none"], { error: "must be customer, user or none" }).optional(),
      input_includes_cached: z.boolean().optional(),
    })
    .strict()
    .optional(),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

/** Creates a key for the calling admin. The full key is returned once and never stored. */
export async function createApiKeyAs(ctx: Ctx, input: CreateApiKeyInput): Promise<{ id: string; key: string; prefix: string }> {
  assertCan(ctx.actor, "api_keys:manage");
  const parsed = CreateApiKeyInput.parse(input);
  return withTransaction(ctx, async (ctx) => {
    const created = await createApiKey(ctx, {
      name: parsed.name,
      scopes: parsed.scopes,
      gateway: parsed.gateway,
      gatewayOptions: parsed.gateway_options,
      createdBy: ctx.actor.kind === "user" ? ctx.actor.userId : undefined,
    });
    await recordAudit(ctx, {
      action: "api_key.created",
      target: `${parsed.name} (${created.prefix}…)`,
      details: { scopes: parsed.scopes, ...(parsed.gateway ? { gateway: parsed.gateway, options: parsed.gateway_options ?? {} } : {}) },
    });
    return created;
  });
}

/** Revocation takes effect on the very next request: authentication reads `revoked_at` every time. */
export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "api_keys:manage");
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such API key.");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) throw new AppError("not_found", "No such API key, or it is already revoked.");
    await recordAudit(ctx, { action: "api_key.revoked", target: `${row.name} (${row.prefix}…)` });
  });
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  gateway: GatewayName | null;
  gatewayOptions: GatewayOptions | null;
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKeyRow[]> {
  assertCan(ctx.actor, "api_keys:manage");
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      createdBy: users.email,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      gateway: apiKeys.gateway,
      gatewayOptions: apiKeys.gatewayOptions,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(apiKeys.revokedAt, desc(apiKeys.createdAt));
}

/** Looks a presented key up by its hash; revoked keys are unknown. `last_used_at` is written at most once a minute. */
export async function authenticateApiKey(ctx: AnonymousCtx, presented: string): Promise<ApiKeyActor | null> {
  const [row] = await ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      gateway: apiKeys.gateway,
      gatewayOptions: apiKeys.gatewayOptions,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000)))));
  }
  return { kind: "api_key", keyId: row.id, name: row.name, scopes: row.scopes, gateway: row.gateway, gatewayOptions: row.gatewayOptions };
}
