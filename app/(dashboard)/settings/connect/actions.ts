"use server";

import { z } from "zod";
import { createApiKeyAs } from "@/lib/auth/api-keys";
import { removeHeliconeSecret, saveHeliconeSettings } from "@/lib/gateways/helicone-settings";
import { action } from "@/lib/http/action";
import { formText } from "@/lib/http/form-data";

const HELICONE_PATH = "/settings/connect/helicone";
const ConnectKeyForm = z.object({ name: formText().transform((name) => name.trim() || "OpenTelemetry ingest") });

/** Creates an `ingest`-only key for the Connect page's snippets (admins; checked and audited in lib/). */
export const createConnectKeyAction = action(
  { schema: ConnectKeyForm, revalidate: ["/settings/api-keys"], values: ({ name }) => ({ name }) },
  async (ctx, { name }) => {
    const { key } = await createApiKeyAs(ctx, { name, scopes: ["ingest"] });
    return { data: { key, name } };
  },
);

const GatewayKeyForm = z.object({
  gateway: z.enum(["litellm", "openmeter"]),
  name: formText(),
  subject: formText(),
  input_includes_cached: formText(),
});

/** An `ingest` key bound to one gateway from the start (OpenMeter: with how its events are read). */
export const createGatewayKeyAction = action(
  { schema: GatewayKeyForm, revalidate: ["/settings/api-keys"], values: ({ name, subject }) => ({ name, subject }) },
  async (ctx, { gateway, name, subject, input_includes_cached }) => {
    const label = gateway === "litellm" ? "LiteLLM proxy" : "OpenMeter client";
    const { key } = await createApiKeyAs(ctx, {
      name: name.trim() || label,
      scopes: ["ingest"],
      gateway,
      gateway_options:
        gateway === "openmeter"
          ? { subject: (subject || "customer") as "customer" | "user" | "none", input_includes_cached: input_includes_cached === "on" }
          : undefined,
    });
    return { data: { key, name: name.trim() || label } };
  },
);

const HeliconeForm = z.object({ webhook_secret: formText(), api_key: formText(), properties: formText() });

export const saveHeliconeAction = action(
  {
    schema: HeliconeForm,
    revalidate: [HELICONE_PATH],
    success: "Helicone settings saved (secrets encrypted).",
    values: ({ properties }) => ({ properties }),
  },
  async (ctx, input) => {
    await saveHeliconeSettings(ctx, input);
  },
);

const RemoveForm = z.object({ which: formText() });

export const removeHeliconeSecretAction = action(
  { schema: RemoveForm, revalidate: [HELICONE_PATH], success: "Removed." },
  async (ctx, { which }) => {
    await removeHeliconeSecret(ctx, which);
  },
);
