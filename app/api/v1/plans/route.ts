import { parseQuery } from "@/lib/http/parse-query";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { createPlanFromApi, planJson } from "@/lib/plans/api";
import { listPlans } from "@/lib/plans/queries";
import { NoQuery } from "@/lib/plans/schemas";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    parseQuery(NoQuery, Object.fromEntries(new URL(req.url).searchParams));
    return json({ plans: (await listPlans(ctx)).map(planJson) });
  },
  { session: true },
);

export const POST = withAuth(
  "plans:manage",
  async ({ req, ctx }) => json(await createPlanFromApi(ctx, await readJson(req, 256 * 1024)), 201),
  {
    session: true,
  },
);
