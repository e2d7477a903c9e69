import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { addAlias } from "@/lib/people/manage-people";

export const dynamic = "force-dynamic";

export const POST = withAuth<{ id: string }>(
  "people:manage",
  async ({ req, ctx, params }) => json(await addAlias(ctx, params.id, await readJson(req, 64 * 1024)), 201),
  { session: true },
);
