import { recordGithubDelivery } from "@/lib/github/record-delivery";
import { json } from "@/lib/http/respond";
import { withGithubSignature } from "@/lib/http/with-github-signature";

export const dynamic = "force-dynamic";

export const POST = withGithubSignature(async ({ ctx, ...delivery }) => {
  const result = await recordGithubDelivery(ctx, delivery);
  return json({ ok: true, ...result }, result.status === "ignored" ? 202 : 200);
});
