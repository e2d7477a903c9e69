import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { listUnmapped, parseUnmappedQuery } from "@/lib/people/unmapped";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => json({ identities: await listUnmapped(ctx, parseUnmappedQuery(new URL(req.url).searchParams).days) }),
  { session: true },
);
