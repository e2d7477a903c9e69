"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/http/action";
import { runAction } from "@/lib/http/action-state";
import { formText, NoFields } from "@/lib/http/form-data";
import { providerSyncJob } from "@/lib/jobs/jobs";
import { startJobNow } from "@/lib/jobs/run-job";
import { removeProviderKey, saveProviderKey, testProviderConnection } from "@/lib/providers/manage-connections";

const PATH = "/settings/providers";

const KeyForm = z.object({ provider: formText(), api_key: formText(), base_url: formText(), account: formText() });
const ProviderForm = z.object({ provider: formText() });

/** Saves the key, then starts the first sync (a 90-day backfill when the provider was never synced). */
export const saveKeyAction = action(
  { schema: KeyForm, revalidate: [PATH], values: ({ base_url, account }) => ({ base_url, account }) },
  async (ctx, input) => {
    await saveProviderKey(ctx, input);
    const sync = await runAction(() => startJobNow(ctx, providerSyncJob, { trigger: "connect" }));
    return { message: sync.ok ? "Key saved (encrypted). The first sync has started." : `Key saved (encrypted). ${sync.message}` };
  },
);

export const removeKeyAction = action(
  { schema: ProviderForm, revalidate: [PATH], success: "Stored key removed." },
  async (ctx, { provider }) => {
    await removeProviderKey(ctx, provider);
  },
);

export const testConnectionAction = action({ schema: ProviderForm }, async (ctx, { provider }) => ({
  message: await testProviderConnection(ctx, provider),
}));

export const syncNowAction = action({ schema: NoFields, success: "Sync started." }, async (ctx) => {
  try {
    await startJobNow(ctx, providerSyncJob, { trigger: "manual" });
  } finally {
    revalidatePath(PATH); // started or refused, the panel shows the current run
  }
});
