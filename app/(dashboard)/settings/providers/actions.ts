"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guard";
import { type ActionState, runAction } from "@/lib/http/action-state";
import { providerSyncJob } from "@/lib/jobs/jobs";
import { startJobNow } from "@/lib/jobs/run-job";
import { removeProviderKey, saveProviderKey, testProviderConnection } from "@/lib/providers/manage-connections";

const PATH = "/settings/providers";

/** Saves the key, then starts the first sync (a 90-day backfill when the provider was never synced). */
export async function saveKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const input = {
    provider: String(form.get("provider") ?? ""),
    api_key: String(form.get("api_key") ?? ""),
    base_url: String(form.get("base_url") ?? ""),
  };
  const result = await runAction(() => saveProviderKey(ctx, input));
  if (!result.ok) return { ...result, values: { base_url: input.base_url } };
  const sync = await runAction(() => startJobNow(ctx, providerSyncJob, { trigger: "connect" }));
  revalidatePath(PATH);
  return { ok: true, message: sync.ok ? "Key saved (encrypted). The first sync has started." : `Key saved (encrypted). ${sync.message}` };
}

export async function removeKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => removeProviderKey(ctx, String(form.get("provider") ?? "")), "Stored key removed.");
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function testConnectionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => testProviderConnection(ctx, String(form.get("provider") ?? "")));
  return result.ok ? { ok: true, message: result.data } : { ok: false, message: result.message };
}

export async function syncNowAction(_prev: ActionState): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => startJobNow(ctx, providerSyncJob, { trigger: "manual" }), "Sync started.");
  revalidatePath(PATH);
  return { ok: result.ok, message: result.message };
}
