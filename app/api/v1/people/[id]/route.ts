import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { markPersonLeft, updatePerson } from "@/lib/people/manage-people";
import { getPerson } from "@/lib/people/queries";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>(
  "dashboards:read",
  async ({ ctx, params }) => {
    const person = await getPerson(ctx, params.id);
    if (!person) throw new AppError("not_found", "No such person.");
    return json(person);
  },
  { session: true },
);

export const PATCH = withAuth<{ id: string }>(
  "people:manage",
  async ({ req, ctx, params }) => json(await updatePerson(ctx, params.id, await readJson(req, 64 * 1024))),
  { session: true },
);

/** Marks the person left and keeps their aliases, so their history stays attributed to them. */
export const DELETE = withAuth<{ id: string }>("people:manage", async ({ ctx, params }) => json(await markPersonLeft(ctx, params.id)), {
  session: true,
});
