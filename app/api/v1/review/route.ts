import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { getReview, lastWeek } from "@/lib/review/queries";
import { parseReviewQuery } from "@/lib/review/schemas";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    const { week } = parseReviewQuery(new URL(req.url).searchParams);
    return json(await getReview(ctx, week ?? lastWeek()));
  },
  { session: true, replica: true },
);
