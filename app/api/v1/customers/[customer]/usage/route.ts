import { getCustomerUsage } from "@/lib/customers/get-usage";
import { parseUsageQuery } from "@/lib/customers/schemas";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ customer: string }>(
  "dashboards:read",
  async ({ req, ctx, params }) => {
    const { month } = parseUsageQuery(new URL(req.url).searchParams);
    return json(await getCustomerUsage(ctx, params.customer, month));
  },
  { session: true, replica: true },
);
