import { listAlerts, toApiAlert } from "@/lib/alerts/queries";
import { AlertsQuery } from "@/lib/alerts/schemas";
import { parseQuery } from "@/lib/http/parse-query";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

const THIRTY_DAYS_MS = 30 * 86_400_000;

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    const query = parseQuery(AlertsQuery, Object.fromEntries(new URL(req.url).searchParams));
    const since = query.since ? new Date(query.since) : new Date(Date.now() - THIRTY_DAYS_MS);
    return json({ alerts: (await listAlerts(ctx, { since })).map(toApiAlert) });
  },
  { session: true, replica: true },
);
