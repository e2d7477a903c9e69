import { withAuth } from "@/lib/http/with-auth";
import { deletePriceOverride } from "@/lib/prices/manage-prices";

export const dynamic = "force-dynamic";

/** Deletes a price card: 204; events ingested from then on are priced without it. */
export const DELETE = withAuth<{ id: string }>(
  "prices:manage",
  async ({ ctx, params }) => {
    await deletePriceOverride(ctx, params.id);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
  { session: true },
);
