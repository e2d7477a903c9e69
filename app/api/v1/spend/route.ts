import { json } from "@/lib/http/respond";
import { withApiKey } from "@/lib/http/with-api-key";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey("read", async ({ req, ctx }) => {
  const input = parseSpendQuery(new URL(req.url).searchParams);
  return json(await listSpend(ctx.db, input));
});
