import { CustomersView } from "@/lib/customers/schemas";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

/** `?month=YYYY-MM` as the customer usage API reads it (default: `current`), and `all=1` for every environment. */
export function readCustomersView(searchParams: PageSearchParams, current: string): ParsedView<{ month: string; includeAll: boolean }> {
  const parsed = parseSearchParams(CustomersView, searchParams);
  return parsed.ok ? { ok: true, view: { month: parsed.view.month ?? current, includeAll: parsed.view.all } } : parsed;
}
