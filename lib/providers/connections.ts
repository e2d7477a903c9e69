import { type ProviderName, providerConnections } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { anthropicClient } from "./anthropic/client";
import { DEFAULT_RETRY, type RetryPolicy } from "./fetch-report";
import { openAiClient } from "./openai/client";
import { openSecret } from "./secret-box";
import type { ProviderClient, ProviderConfig } from "./types";

export const PROVIDERS: ProviderName[] = ["openai", "anthropic"];
export const PROVIDER_LABELS: Record<ProviderName, string> = { openai: "OpenAI", anthropic: "Anthropic" };

export interface ResolvedConnections {
  configs: ProviderConfig[];
  /** Stored keys that cannot be opened (BURNRATE_SECRET unset or changed), by provider. */
  problems: { provider: ProviderName; error: string }[];
}

/** Each provider's admin key and API base: a key stored in Settings wins over the environment's. */
export async function resolveConnections(ctx: Ctx): Promise<ResolvedConnections> {
  const e = env();
  const stored = await ctx.db
    .select({
      provider: providerConnections.provider,
      encryptedKey: providerConnections.encryptedKey,
      baseUrl: providerConnections.baseUrl,
    })
    .from(providerConnections);
  const configs: ProviderConfig[] = [];
  const problems: ResolvedConnections["problems"] = [];
  for (const provider of PROVIDERS) {
    const envKey = provider === "openai" ? e.OPENAI_ADMIN_KEY : e.ANTHROPIC_ADMIN_KEY;
    const envBase = provider === "openai" ? e.OPENAI_BASE_URL : e.ANTHROPIC_BASE_URL;
    const row = stored.find((s) => s.provider === provider);
    if (row) {
      try {
        if (!e.BURNRATE_SECRET) throw new Error("BURNRATE_SECRET is not set");
        configs.push({
          provider,
          apiKey: openSecret(row.encryptedKey, e.BURNRATE_SECRET),
          baseUrl: row.baseUrl ?? envBase,
          trusted: row.baseUrl === null || row.baseUrl === envBase,
          source: "settings",
        });
        continue;
      } catch (err) {
        problems.push({ provider, error: `The stored key cannot be decrypted (${(err as Error).message}); save it again.` });
      }
    }
    if (envKey) configs.push({ provider, apiKey: envKey, baseUrl: envBase, trusted: true, source: "env" });
  }
  return { configs, problems };
}

export function clientFor(config: ProviderConfig, policy: RetryPolicy = retryPolicy()): ProviderClient {
  return config.provider === "openai" ? openAiClient(config, policy) : anthropicClient(config, policy);
}

export function retryPolicy(): RetryPolicy {
  return { ...DEFAULT_RETRY, timeoutMs: env().BURNRATE_SYNC_TIMEOUT_SECONDS * 1000 };
}
