"use server";

import { revalidatePath } from "next/cache";
import { createApiKeyAs, revokeApiKey } from "@/lib/auth/api-keys";
import { requireUser } from "@/lib/auth/guard";
import type { ApiScope } from "@/lib/auth/scopes";
import { type ActionState, runAction } from "@/lib/http/action-state";

const PATH = "/settings/api-keys";

export async function createApiKeyAction(_prev: ActionState<{ key: string; name: string }>, form: FormData) {
  const ctx = await requireUser();
  const name = String(form.get("name") ?? "");
  const result = await runAction(async () => {
    const { key } = await createApiKeyAs(ctx, { name, scopes: form.getAll("scopes").map(String) as ApiScope[] });
    return { key, name: name.trim() };
  });
  if (result.ok) revalidatePath(PATH);
  return result.ok ? result : { ...result, values: { name } };
}

export async function revokeApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const ctx = await requireUser();
  const result = await runAction(() => revokeApiKey(ctx, String(form.get("id"))));
  if (result.ok) revalidatePath(PATH);
  return result;
}
