import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { getReconciliation } from "@/lib/providers/reconciliation";
import { parseReconciliationQuery } from "@/lib/providers/schemas";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => json(await getReconciliation(ctx, parseReconciliationQuery(new URL(req.url).searchParams))),
  { session: true, replica: true },
);
