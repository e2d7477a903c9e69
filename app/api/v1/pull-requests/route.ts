import { listPullRequests, parsePullRequestsQuery } from "@/lib/github/pull-requests";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => json(await listPullRequests(ctx, parsePullRequestsQuery(new URL(req.url).searchParams))),
  { session: true, replica: true },
);
