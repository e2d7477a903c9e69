import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { planJson, updatePlanFromApi } from "@/lib/plans/api";
import { deletePlan } from "@/lib/plans/manage-plans";
import { getPlan } from "@/lib/plans/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(
  "dashboards:read",
  async ({ ctx, params }) => {
    const plan = await getPlan(ctx, params.id);
    if (!plan) throw new AppError("not_found", "No such plan.");
    return json(planJson(plan));
  },
  { session: true },
);

export const PATCH = withAuth<{ id: string }>(
  "plans:manage",
  async ({ req, ctx, params }) => json(await updatePlanFromApi(ctx, params.id, await readJson(req, 256 * 1024))),
  { session: true },
);

/** Deletes the plan: its fee leaves every open month (closed months keep it). */
export const DELETE = withAuth<{ id: string }>(
  "plans:manage",
  async ({ ctx, params }) => {
    await deletePlan(ctx, params.id);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
  { session: true },
);
