import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { ingestRequestBody } from "@/lib/ingest/ingest-request";

export const dynamic = "force-dynamic";

export const POST = withAuth("events:write", async ({ req, ctx }) => {
  const { status, body } = await ingestRequestBody(ctx, await readJson(req));
  return json(body, status);
});
