"use server";

import { z } from "zod";
import { changeRole, deactivateMember, inviteMember, reactivateMember, renewInvite } from "@/lib/auth/manage-members";
import type { Role } from "@/lib/auth/permissions";
import { action } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const PATH = "/settings/members";

const InviteForm = z.object({ email: formText(), name: formText(), role: formText() });
const UserForm = z.object({ userId: formText() });
const RoleForm = z.object({ userId: formText(), role: formText() });
/** The hidden `active` input says which way the button goes: "true" reactivates, anything else deactivates. */
const ActiveForm = z.object({ userId: formText(), active: formText().transform((v) => v === "true") });

export const inviteMemberAction = action({ schema: InviteForm, revalidate: [PATH], values: (input) => input }, async (ctx, input) => {
  const { path } = await inviteMember(ctx, { ...input, role: input.role as Role });
  return { data: { path, email: input.email.trim().toLowerCase() } };
});

export const renewInviteAction = action({ schema: UserForm, revalidate: [PATH] }, async (ctx, { userId }) => ({
  data: await renewInvite(ctx, userId),
}));

export const changeRoleAction = action({ schema: RoleForm, revalidate: [PATH], success: "Role saved." }, async (ctx, { userId, role }) => {
  await changeRole(ctx, { userId, role: role as Role });
});

export const setActiveAction = action({ schema: ActiveForm, revalidate: [PATH] }, async (ctx, { userId, active }) => {
  await (active ? reactivateMember(ctx, userId) : deactivateMember(ctx, userId));
});
