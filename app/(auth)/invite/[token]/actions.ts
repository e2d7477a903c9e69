"use server";

import { z } from "zod";
import { acceptInvite } from "@/lib/auth/accept-invite";
import { publicAction } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const InviteForm = z.object({ token: formText(), password: formText(), confirm: formText() });

export const acceptInviteAction = publicAction({ schema: InviteForm }, async (ctx, { token, ...input }) => {
  const { email } = await acceptInvite(ctx, token, input);
  return { redirect: `/login?notice=password-set&email=${encodeURIComponent(email)}` };
});
