import { desc } from "drizzle-orm";
import { type ProviderRunResult, providerConnections, providerSyncRuns, providerSyncState } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { envConnection, KEYED_PROVIDERS, type KeyedProvider, PROVIDER_LABELS } from "./connections";

export interface ProviderStatus {
  provider: KeyedProvider;
  label: string;
  /** Where the key in use comes from; a stored key wins over the environment's. */
  source: "settings" | "env" | "none";
  keyHint: string | null;
  baseUrl: string;
  envKeySet: boolean;
  /** Copilot: the organization read (stored, else GITHUB_ORG). */
  account: string | null;
  syncedTo: Date | null;
  lastSuccessAt: Date | null;
  /** Anthropic: Claude Code Analytics, read with the same key, syncs on its own. */
  claudeCodeLastSuccessAt?: Date | null;
}

export async function listProviderStatus(ctx: Ctx): Promise<ProviderStatus[]> {
  assertCan(ctx.actor, "dashboards:read");
  const e = env();
  const [stored, state] = await Promise.all([
    ctx.db
      .select({
        provider: providerConnections.provider,
        keyHint: providerConnections.keyHint,
        baseUrl: providerConnections.baseUrl,
        account: providerConnections.account,
      })
      .from(providerConnections),
    ctx.db
      .select({
        provider: providerSyncState.provider,
        syncedTo: providerSyncState.syncedTo,
        lastSuccessAt: providerSyncState.lastSuccessAt,
      })
      .from(providerSyncState),
  ]);
  return KEYED_PROVIDERS.map((provider) => {
    const row = stored.find((s) => s.provider === provider);
    const { key: envKey, baseUrl: envBase, account: envAccount } = envConnection(provider, e);
    const s = state.find((x) => x.provider === provider);
    return {
      provider,
      label: PROVIDER_LABELS[provider],
      source: row ? "settings" : envKey ? "env" : "none",
      keyHint: row?.keyHint ?? (envKey ? envKey.slice(-4) : null),
      baseUrl: row?.baseUrl ?? envBase,
      envKeySet: Boolean(envKey),
      account: row?.account ?? envAccount ?? null,
      ...(provider === "anthropic"
        ? { claudeCodeLastSuccessAt: state.find((x) => x.provider === "claude-code")?.lastSuccessAt ?? null }
        : {}),
      syncedTo: s?.syncedTo ?? null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
    };
  });
}

export interface SyncRun {
  id: string;
  trigger: string;
  status: "running" | "ok" | "partial" | "failed";
  startedAt: Date;
  finishedAt: Date | null;
  rows: number;
  providers: ProviderRunResult[];
}

/** The sync history, newest first (a running run included, with its live progress). */
export async function listSyncRuns(ctx: Ctx, limit = 20): Promise<SyncRun[]> {
  assertCan(ctx.actor, "dashboards:read");
  return ctx.db
    .select({
      id: providerSyncRuns.id,
      trigger: providerSyncRuns.trigger,
      status: providerSyncRuns.status,
      startedAt: providerSyncRuns.startedAt,
      finishedAt: providerSyncRuns.finishedAt,
      rows: providerSyncRuns.rows,
      providers: providerSyncRuns.providers,
    })
    .from(providerSyncRuns)
    .orderBy(desc(providerSyncRuns.startedAt))
    .limit(limit);
}
