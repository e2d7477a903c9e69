import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { listSpend } from "@/lib/spend/list-spend";
import { parseSpendQuery } from "@/lib/spend/schemas";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => json(await listSpend(ctx, parseSpendQuery(new URL(req.url).searchParams))),
  { session: true, replica: true },
);
