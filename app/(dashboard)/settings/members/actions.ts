"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guard";
import { changeRole, deactivateMember, inviteMember, reactivateMember, renewInvite } from "@/lib/auth/manage-members";
import type { Role } from "@/lib/auth/permissions";
import { type ActionState, runAction } from "@/lib/http/action-state";

const PATH = "/settings/members";

async function member<T>(fn: (ctx: Awaited<ReturnType<typeof requireUser>>) => Promise<T>, success?: string): Promise<ActionState<T>> {
  const ctx = await requireUser();
  const result = await runAction(() => fn(ctx), success);
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function inviteMemberAction(_prev: ActionState<{ path: string; email: string }>, form: FormData) {
  const values = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: String(form.get("role")) };
  const result = await member(async (ctx) => {
    const { path } = await inviteMember(ctx, { ...values, role: values.role as Role });
    return { path, email: values.email.trim().toLowerCase() };
  });
  return result.ok ? result : { ...result, values };
}

export async function renewInviteAction(_prev: ActionState<{ path: string }>, form: FormData) {
  return member((ctx) => renewInvite(ctx, String(form.get("userId"))));
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return member(async (ctx) => {
    await changeRole(ctx, { userId: String(form.get("userId")), role: String(form.get("role")) as Role });
    return undefined;
  }, "Role saved.");
}

export async function setActiveAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const userId = String(form.get("userId"));
  const active = form.get("active") === "true";
  return member(async (ctx) => {
    await (active ? reactivateMember(ctx, userId) : deactivateMember(ctx, userId));
    return undefined;
  });
}
