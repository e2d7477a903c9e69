import { parseQuery } from "@/lib/http/parse-query";
import { readJson } from "@/lib/http/read-body";
import { json } from "@/lib/http/respond";
import { withAuth } from "@/lib/http/with-auth";
import { CATALOG_DATE, CATALOG_VERSION, listCatalog } from "@/lib/prices/catalog-list";
import { createPriceOverride, listPriceOverrides } from "@/lib/prices/manage-prices";
import { PricesQuery } from "@/lib/prices/schemas";

export const dynamic = "force-dynamic";

/** The built-in catalog's prices today and every override; `provider` and `model` filter both by substring. */
export const GET = withAuth(
  "prices:read",
  async ({ req, ctx }) => {
    const q = parseQuery(PricesQuery, Object.fromEntries(new URL(req.url).searchParams));
    return json({
      catalog_version: CATALOG_VERSION,
      catalog_date: CATALOG_DATE,
      models: listCatalog(q),
      overrides: await listPriceOverrides(ctx, q),
    });
  },
  { session: true },
);

/** Adds a price card: 201 with it (its `id`), 409 when the model already has one from that date. */
export const POST = withAuth(
  "prices:manage",
  async ({ req, ctx }) => {
    const { id } = await createPriceOverride(ctx, await readJson(req, 16 * 1024));
    const [created] = (await listPriceOverrides(ctx)).filter((o) => o.id === id);
    return json(created, 201);
  },
  { session: true },
);
