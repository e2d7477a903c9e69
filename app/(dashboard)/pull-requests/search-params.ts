import { parsePullRequestsQuery } from "@/lib/github/pull-requests";
import type { PullRequestsInput } from "@/lib/github/schemas";
import { type PageSearchParams, type ParsedView, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";

/** `?repo&state&from&to`, exactly as `GET /api/v1/pull-requests` reads them (default: this month to date). */
export function readPullRequestsView(searchParams: PageSearchParams): ParsedView<PullRequestsInput> {
  return parsePageQuery(() => parsePullRequestsQuery(toUrlSearchParams(searchParams)));
}
