"use server";

import { z } from "zod";
import { createFirstAdmin } from "@/lib/auth/setup";
import { publicAction } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const SetupForm = z.object({ email: formText(), name: formText(), password: formText(), confirm: formText(), token: formText() });

export const createFirstAdminAction = publicAction(
  { schema: SetupForm, values: ({ email, name }) => ({ email, name }) },
  async (ctx, input) => {
    const { email } = await createFirstAdmin(ctx, input);
    return { redirect: `/login?notice=password-set&email=${encodeURIComponent(email)}` };
  },
);
