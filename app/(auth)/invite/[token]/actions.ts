"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { acceptInvite } from "@/lib/auth/accept-invite";
import { clientIp } from "@/lib/auth/client-ip";
import { getDb } from "@/lib/db";
import { type ActionState, runAction } from "@/lib/http/action-state";

export async function acceptInviteAction(_prev: ActionState<{ email: string }>, form: FormData): Promise<ActionState<{ email: string }>> {
  const token = String(form.get("token") ?? "");
  const input = { password: String(form.get("password") ?? ""), confirm: String(form.get("confirm") ?? "") };
  const ip = clientIp(await headers());
  const result = await runAction(async () => acceptInvite({ db: await getDb(), ip }, token, input));
  if (result.ok && result.data) redirect(`/login?notice=password-set&email=${encodeURIComponent(result.data.email)}`);
  return result;
}
