import { checkBudgets, parseCheckQuery } from "@/lib/budgets/check-budgets";
import { toCheckBudget } from "@/lib/budgets/present";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    const check = await checkBudgets(ctx, parseCheckQuery(new URL(req.url).searchParams));
    return json({ allowed: check.allowed, budgets: check.budgets.map(toCheckBudget) });
  },
  { session: true },
);
