"use server";

import { z } from "zod";
import { createFirstAdmin } from "@/lib/auth/setup";
import { publicAction } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const SetupForm = z.object({ email: formText(), name: formText(), password: formText(), confirm: formText(), token: formText() });

export const createFirstAdminAction = publicAction(
  { schema: SetupForm, values: ({ email, name }) => ({ email, name }) },
  async ({ db, ip }, input) => {
    const { email } = await createFirstAdmin(db, input, ip);
    return { redirect: `/login?notice=password-set&email=${encodeURIComponent(email)}` };
  },
);
