import { createBudget } from "@/lib/budgets/create-budget";
import { toApiBudget } from "@/lib/budgets/present";
import { listBudgets } from "@/lib/budgets/queries";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const GET = withAuth("dashboards:read", async ({ ctx }) => json({ budgets: (await listBudgets(ctx)).map((b) => toApiBudget(b)) }), {
  session: true,
});

export const POST = withAuth(
  "budgets:manage",
  async ({ req, ctx }) => json(toApiBudget(await createBudget(ctx, await readJson(req, 64 * 1024)), { revealWebhook: true }), 201),
  { session: true },
);
