import { deleteBudget } from "@/lib/budgets/delete-budget";
import { withAuth } from "@/lib/http/with-auth";

export const dynamic = "force-dynamic";

export const DELETE = withAuth<{ id: string }>(
  "budgets:manage",
  async ({ ctx, params }) => {
    await deleteBudget(ctx, params.id);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
  { session: true },
);
