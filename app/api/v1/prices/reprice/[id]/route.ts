import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { getRepriceJob } from "@/lib/prices/reprice";

export const dynamic = "force-dynamic";

/** A reprice job's state and progress. */
export const GET = withAuth<{ id: string }>("prices:read", async ({ ctx, params }) => json(await getRepriceJob(ctx, params.id)), {
  session: true,
});
