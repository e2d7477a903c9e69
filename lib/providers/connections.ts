import { sql } from "drizzle-orm";
import type { CodingToolSource, ProviderName } from "@/db/schema";
import { providerConnections } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { claudeCodeSource } from "@/lib/coding-tools/claude-code/client";
import { copilotSource } from "@/lib/coding-tools/copilot/client";
import { cursorSource } from "@/lib/coding-tools/cursor/client";
import type { ToolSource } from "@/lib/coding-tools/types";
import { type Env, env } from "@/lib/env";
import { anthropicClient } from "./anthropic/client";
import { DEFAULT_RETRY, type RetryPolicy } from "./fetch-report";
import { openAiClient } from "./openai/client";
import { openSecret } from "./secret-box";
import type { ProviderClient, ProviderConfig } from "./types";

/** Every source the sync reads, in the order screens list them. */
export const PROVIDERS: ProviderName[] = ["openai", "anthropic", "claude-code", "cursor", "copilot"];
/** The sources with a key of their own (environment or Settings → Providers); Claude Code reads with Anthropic's. */
export const KEYED_PROVIDERS = ["openai", "anthropic", "cursor", "copilot"] as const;
export type KeyedProvider = (typeof KEYED_PROVIDERS)[number];
export const CODING_TOOLS: CodingToolSource[] = ["claude-code", "cursor", "copilot"];
/**
 * The API providers whose usage and cost reports are the "provider bill" of Reconciliation, the Overview and
 * `/api/v1/reconciliation` (per model, against the events' metered cost). The coding tools' charges sit in the
 * same table under their own name and are reconciled apart (lib/coding-tools/reconciliation.ts).
 */
export const BILL_PROVIDERS = ["openai", "anthropic"] as const;
/** `(…)` of BILL_PROVIDERS for a SQL `in`. */
export const billProviders = () =>
  sql`(${sql.join(
    BILL_PROVIDERS.map((p) => sql`${p}`),
    sql`, `,
  )})`;

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  "claude-code": "Claude Code Analytics",
  cursor: "Cursor",
  copilot: "GitHub Copilot",
};

/** Each keyed source's key, API base and account from the environment. */
export function envConnection(provider: KeyedProvider, e: Env = env()): { key?: string; baseUrl: string; account?: string } {
  switch (provider) {
    case "openai":
      return { key: e.OPENAI_ADMIN_KEY, baseUrl: e.OPENAI_BASE_URL };
    case "anthropic":
      return { key: e.ANTHROPIC_ADMIN_KEY, baseUrl: e.ANTHROPIC_BASE_URL };
    case "cursor":
      return { key: e.CURSOR_ADMIN_KEY, baseUrl: e.CURSOR_BASE_URL };
    case "copilot":
      return { key: e.GITHUB_COPILOT_TOKEN, baseUrl: e.GITHUB_API_URL, account: e.GITHUB_ORG };
  }
}

export interface ResolvedConnections {
  configs: ProviderConfig[];
  /** Stored keys that cannot be opened (BURNRATE_SECRET unset or changed), or a Copilot token without an organization. */
  problems: { provider: ProviderName; error: string }[];
}

/**
 * Each source's key, API base and account: a key stored in Settings wins over the environment's. Claude Code
 * Analytics is on whenever Anthropic is connected (the same admin key reads it).
 */
export async function resolveConnections(ctx: Ctx): Promise<ResolvedConnections> {
  const e = env();
  const stored = await ctx.db
    .select({
      provider: providerConnections.provider,
      encryptedKey: providerConnections.encryptedKey,
      baseUrl: providerConnections.baseUrl,
      account: providerConnections.account,
    })
    .from(providerConnections);
  const configs: ProviderConfig[] = [];
  const problems: ResolvedConnections["problems"] = [];
  const add = (c: ProviderConfig) => {
    if (c.provider === "copilot" && !c.account) {
      problems.push({ provider: "copilot", error: "Set the GitHub organization (GITHUB_ORG, or with the token in Settings → Providers)." });
    } else configs.push(c);
  };
  for (const provider of KEYED_PROVIDERS) {
    const fromEnv = envConnection(provider, e);
    const row = stored.find((s) => s.provider === provider);
    if (row) {
      try {
        if (!e.BURNRATE_SECRET) throw new Error("BURNRATE_SECRET is not set");
        add({
          provider,
          apiKey: openSecret(row.encryptedKey, e.BURNRATE_SECRET),
          baseUrl: row.baseUrl ?? fromEnv.baseUrl,
          account: row.account ?? fromEnv.account,
          trusted: row.baseUrl === null || row.baseUrl === fromEnv.baseUrl,
          source: "settings",
        });
        continue;
      } catch (err) {
        problems.push({ provider, error: `The stored key cannot be decrypted (${(err as Error).message}); save it again.` });
      }
    }
    if (fromEnv.key)
      add({ provider, apiKey: fromEnv.key, baseUrl: fromEnv.baseUrl, account: fromEnv.account, trusted: true, source: "env" });
  }
  const anthropic = configs.findIndex((c) => c.provider === "anthropic");
  if (anthropic >= 0) configs.splice(anthropic + 1, 0, { ...(configs[anthropic] as ProviderConfig), provider: "claude-code" });
  return { configs, problems };
}

export const isCodingTool = (p: ProviderName): p is CodingToolSource => (CODING_TOOLS as ProviderName[]).includes(p);

export function clientFor(config: ProviderConfig, policy: RetryPolicy = retryPolicy()): ProviderClient {
  return config.provider === "openai" ? openAiClient(config, policy) : anthropicClient(config, policy);
}

export function sourceFor(config: ProviderConfig, policy: RetryPolicy = retryPolicy()): ToolSource {
  switch (config.provider) {
    case "cursor":
      return cursorSource(config, policy);
    case "copilot":
      return copilotSource({ ...config, org: config.account ?? "" }, policy);
    default:
      return claudeCodeSource(config, policy);
  }
}

export function retryPolicy(): RetryPolicy {
  return { ...DEFAULT_RETRY, timeoutMs: env().BURNRATE_SYNC_TIMEOUT_SECONDS * 1000 };
}
