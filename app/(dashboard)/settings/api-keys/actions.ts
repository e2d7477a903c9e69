"use server";

import { z } from "zod";
import { createApiKeyAs, revokeApiKey } from "@/lib/auth/api-keys";
import type { ApiScope } from "@/lib/auth/scopes";
import { action } from "@/lib/http/action";
import { formList, formText, IdForm } from "@/lib/http/form-data";

const PATH = "/settings/api-keys";

const ApiKeyForm = z.object({ name: formText(), scopes: formList() });

export const createApiKeyAction = action(
  { schema: ApiKeyForm, revalidate: [PATH], values: ({ name }) => ({ name }) },
  async (ctx, { name, scopes }) => {
    const { key } = await createApiKeyAs(ctx, { name, scopes: scopes as ApiScope[] });
    return { data: { key, name: name.trim() } };
  },
);

export const revokeApiKeyAction = action({ schema: IdForm, revalidate: [PATH] }, async (ctx, { id }) => {
  await revokeApiKey(ctx, id);
});
