import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { launchReprice, previewReprice } from "@/lib/prices/reprice";

export const dynamic = "force-dynamic";

/**
 * `{"dry_run": true}`: what repricing stored events under today's prices would change (200). `{"dry_run": false}`:
 * 202 with the job, which runs in the background (`GET /api/v1/prices/reprice/{id}`); 409 while another runs.
 */
export const POST = withAuth(
  "prices:manage",
  async ({ req, ctx }) => {
    const body = await readJson(req, 4 * 1024);
    if ((body as { dry_run?: unknown } | null)?.dry_run === true) return json(await previewReprice(ctx, body));
    const job = await launchReprice(ctx, body);
    return json({ job: { id: job.id, state: job.state } }, 202);
  },
  { session: true },
);
