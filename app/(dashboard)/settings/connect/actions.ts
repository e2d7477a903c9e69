"use server";

import { z } from "zod";
import { createApiKeyAs } from "@/lib/auth/api-keys";
import { action } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const ConnectKeyForm = z.object({ name: formText().transform((name) => name.trim() || "OpenTelemetry ingest") });

/** Creates an `ingest`-only key for the Connect page's snippets (admins; checked and audited in lib/). */
export const createConnectKeyAction = action(
  { schema: ConnectKeyForm, revalidate: ["/settings/api-keys"], values: ({ name }) => ({ name }) },
  async (ctx, { name }) => {
    const { key } = await createApiKeyAs(ctx, { name, scopes: ["ingest"] });
    return { data: { key, name } };
  },
);
