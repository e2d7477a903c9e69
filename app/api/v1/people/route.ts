import { parseQuery } from "@/lib/http/parse-query";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { createPerson } from "@/lib/people/manage-people";
import { listPeople } from "@/lib/people/queries";
import { PeopleQuery } from "@/lib/people/schemas";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "dashboards:read",
  async ({ req, ctx }) => {
    const query = parseQuery(PeopleQuery, Object.fromEntries(new URL(req.url).searchParams));
    return json({ people: await listPeople(ctx, { activeOnly: query.active === "true" }) });
  },
  { session: true },
);

export const POST = withAuth("people:manage", async ({ req, ctx }) => json(await createPerson(ctx, await readJson(req, 64 * 1024)), 201), {
  session: true,
});
