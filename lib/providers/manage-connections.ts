import { eq, sql } from "drizzle-orm";
import { type ProviderName, providerConnections } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertProviderBaseUrl } from "./base-url";
import { clientFor, envConnection, isCodingTool, PROVIDER_LABELS, resolveConnections, sourceFor } from "./connections";
import { ProviderError } from "./fetch-report";
import { ProviderName as ProviderNameSchema, SaveKeyInput } from "./schemas";
import { sealSecret } from "./secret-box";

/** Stores an admin key encrypted with BURNRATE_SECRET (refused without one); only its last four characters stay readable. */
export async function saveProviderKey(ctx: Ctx, raw: unknown): Promise<void> {
  assertCan(ctx.actor, "settings:manage");
  const input = SaveKeyInput.parse(raw);
  const secret = env().BURNRATE_SECRET;
  if (!secret) {
    throw new AppError("validation_failed", "Set BURNRATE_SECRET (32+ characters) on the server to store admin keys encrypted.", [
      { path: "api_key", message: "BURNRATE_SECRET is not set" },
    ]);
  }
  const fromEnv = envConnection(input.provider);
  assertProviderBaseUrl(input.base_url, fromEnv.baseUrl);
  const account = input.provider === "copilot" ? input.account : null;
  if (input.provider === "copilot" && !account && !fromEnv.account) {
    throw new AppError("validation_failed", "Name the GitHub organization whose Copilot seats the token reads.", [
      { path: "account", message: "Required (GITHUB_ORG is not set)" },
    ]);
  }
  const values = { encryptedKey: sealSecret(input.api_key, secret), keyHint: input.api_key.slice(-4), baseUrl: input.base_url, account };
  await withTransaction(ctx, async (ctx) => {
    await ctx.db
      .insert(providerConnections)
      .values({ provider: input.provider, ...values })
      .onConflictDoUpdate({ target: providerConnections.provider, set: { ...values, updatedAt: sql`now()` } });
    await recordAudit(ctx, {
      action: "provider.changed",
      target: input.provider,
      details: { change: "key saved", key_hint: values.keyHint },
    });
  });
}

export async function removeProviderKey(ctx: Ctx, provider: unknown): Promise<void> {
  assertCan(ctx.actor, "settings:manage");
  const name = ProviderNameSchema.parse(provider);
  await withTransaction(ctx, async (ctx) => {
    await ctx.db.delete(providerConnections).where(eq(providerConnections.provider, name));
    await recordAudit(ctx, { action: "provider.changed", target: name, details: { change: "key removed" } });
  });
}

/** One small authenticated request with the key in use; a readable sentence either way. */
export async function testProviderConnection(ctx: Ctx, provider: unknown): Promise<string> {
  assertCan(ctx.actor, "settings:manage");
  const name: ProviderName = ProviderNameSchema.parse(provider);
  const { configs, problems } = await resolveConnections(ctx);
  const config = configs.find((c) => c.provider === name);
  if (!config) {
    const problem = problems.find((p) => p.provider === name);
    throw new AppError("validation_failed", problem?.error ?? `${PROVIDER_LABELS[name]} is not connected: add an admin key first.`);
  }
  try {
    const policy = { attempts: 2, baseDelayMs: 500, maxDelayMs: 2000, timeoutMs: 10_000 };
    await (isCodingTool(config.provider) ? sourceFor(config, policy) : clientFor(config, policy)).testConnection();
  } catch (err) {
    if (err instanceof ProviderError) throw new AppError("validation_failed", `${PROVIDER_LABELS[name]}: ${err.message}`);
    throw err;
  }
  return `${PROVIDER_LABELS[name]} answered: the key works (${config.source === "env" ? "from the environment" : "stored in Settings"}).`;
}
