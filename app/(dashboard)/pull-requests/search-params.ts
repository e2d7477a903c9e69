import { type Measure, readMeasure } from "@/lib/effective/measures";
import { parsePullRequestsQuery } from "@/lib/github/pull-requests";
import type { PullRequestsInput } from "@/lib/github/schemas";
import { type PageSearchParams, type ParsedView, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";

/** The PR screens' default measure: effective, so work done on a plan carries its seats. */
export const PR_MEASURE: Measure = "effective";

/** `?repo&state&from&to`, exactly as `GET /api/v1/pull-requests` reads them (default: this month to date), and `measure`. */
export function readPullRequestsView(searchParams: PageSearchParams): ParsedView<{ input: PullRequestsInput; measure: Measure }> {
  return parsePageQuery(() => {
    const params = toUrlSearchParams(searchParams);
    const measure = readMeasure(params.get("measure"), PR_MEASURE);
    params.delete("measure");
    return { input: parsePullRequestsQuery(params), measure };
  });
}
