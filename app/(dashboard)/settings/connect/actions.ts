"use server";

import { revalidatePath } from "next/cache";
import { createApiKeyAs } from "@/lib/auth/api-keys";
import { requireUser } from "@/lib/auth/guard";
import { type ActionState, runAction } from "@/lib/http/action-state";

/** Creates an `ingest`-only key for the Connect page's snippets (admins; checked and audited in lib/). */
export async function createConnectKeyAction(_prev: ActionState<{ key: string; name: string }>, form: FormData) {
  const ctx = await requireUser();
  const name = String(form.get("name") ?? "").trim() || "OpenTelemetry ingest";
  const result = await runAction(async () => {
    const { key } = await createApiKeyAs(ctx, { name, scopes: ["ingest"] });
    return { key, name };
  });
  if (result.ok) revalidatePath("/settings/api-keys");
  return result.ok ? result : { ...result, values: { name } };
}
