"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/auth/client-ip";
import { createFirstAdmin } from "@/lib/auth/setup";
import { getDb } from "@/lib/db";
import { type ActionState, runAction } from "@/lib/http/action-state";

export async function createFirstAdminAction(
  _prev: ActionState<{ email: string }>,
  form: FormData,
): Promise<ActionState<{ email: string }>> {
  const input = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    password: String(form.get("password") ?? ""),
    confirm: String(form.get("confirm") ?? ""),
    token: String(form.get("token") ?? ""),
  };
  const ip = clientIp(await headers());
  const result = await runAction(async () => createFirstAdmin({ db: await getDb(), ip }, input));
  if (result.ok && result.data) redirect(`/login?notice=password-set&email=${encodeURIComponent(result.data.email)}`);
  return { ...result, values: { email: input.email, name: input.name } };
}
