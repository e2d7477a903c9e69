import { AlertsView } from "@/lib/alerts/schemas";
import { type PageSearchParams, type ParsedView, parseSearchParams } from "@/lib/http/parse-search-params";

/** `?kind&delivery&days` (the filter form's fields; default: every alert of the last 30 days). */
export function readAlertsView(searchParams: PageSearchParams): ParsedView<AlertsView> {
  return parseSearchParams(AlertsView, searchParams);
}
