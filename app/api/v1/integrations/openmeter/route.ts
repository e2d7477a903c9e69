import { ingestOpenmeter } from "@/lib/gateways/openmeter-request";
import { readBodyText } from "@/lib/http/read-body";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

/** OpenMeter-compatible ingest: 204 like OpenMeter's own; what happened in headers (clients read none). */
export const POST = withAuth("events:write", async ({ req, ctx }) => {
  const r = await ingestOpenmeter(ctx, req.headers.get("content-type"), await readBodyText(req));
  return new Response(null, {
    status: 204,
    headers: {
      "Cache-Control": "no-store",
      "X-Burnrate-Accepted": String(r.accepted),
      "X-Burnrate-Duplicates": String(r.duplicates),
      "X-Burnrate-Ignored": String(r.ignored),
    },
  });
});
