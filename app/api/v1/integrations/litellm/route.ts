import { ingestLitellm } from "@/lib/gateways/litellm-request";
import { readBodyText } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/** LiteLLM batches carry whole prompts and responses unless redacted: up to 512 of them. */
const MAX_LITELLM_BODY = 64 * 1024 * 1024;

export const POST = withAuth("events:write", async ({ req, ctx }) => {
  const { status, body } = await ingestLitellm(ctx, await readBodyText(req, MAX_LITELLM_BODY));
  return json(body, status);
});
