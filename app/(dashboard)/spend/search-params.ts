import { parseAsNativeArrayOf, parseAsString } from "nuqs/server";
import { parseExplorerQuery } from "@/lib/explorer/view";
import { type PageSearchParams, type ParsedView, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";
import { DIMENSIONS, type Dimension } from "@/lib/spend/dimensions";
import type { SpendInput } from "@/lib/spend/schemas";

/**
 * The explorer's query keys as nuqs parsers: exactly the parameters of `GET /api/v1/spend` (a filter per
 * dimension, repeated for several values, empty for "not set"). The server validates them with the API's schema.
 */
export const spendViewParams = {
  from: parseAsString,
  to: parseAsString,
  group_by: parseAsString,
  interval: parseAsString,
  measure: parseAsString,
  // Changing the view starts the table on its first page.
  page: parseAsString,
  ...(Object.fromEntries(DIMENSIONS.map((d) => [d, parseAsNativeArrayOf(parseAsString)])) as Record<
    Dimension,
    ReturnType<typeof parseAsNativeArrayOf<string>>
  >),
};

/** The server's reading of the same URL: `GET /api/v1/spend`'s parser (grouped by team when the URL names no grouping). */
export function readSpendView(searchParams: PageSearchParams): ParsedView<SpendInput> {
  return parsePageQuery(() => parseExplorerQuery(toUrlSearchParams(searchParams)));
}
