import { parseAsNativeArrayOf, parseAsString } from "nuqs";
import { DIMENSIONS, type Dimension } from "@/lib/spend/dimensions";

/**
 * The explorer's query keys as nuqs parsers: exactly the parameters of `GET /api/v1/spend` (a filter per
 * dimension, repeated for several values, empty for "not set"). The server validates them with the API's schema.
 */
export const spendViewParams = {
  from: parseAsString,
  to: parseAsString,
  group_by: parseAsString,
  interval: parseAsString,
  // Changing the view starts the table on its first page.
  page: parseAsString,
  ...(Object.fromEntries(DIMENSIONS.map((d) => [d, parseAsNativeArrayOf(parseAsString)])) as Record<
    Dimension,
    ReturnType<typeof parseAsNativeArrayOf<string>>
  >),
};
