import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withApiKey } from "@/lib/http/with-api-key";
import { ingestRequestBody } from "@/lib/ingest/ingest-request";

export const dynamic = "force-dynamic";

export const POST = withApiKey("ingest", async ({ req, ctx }) => {
  const { status, body } = await ingestRequestBody(ctx.db, await readJson(req));
  return json(body, status);
});
