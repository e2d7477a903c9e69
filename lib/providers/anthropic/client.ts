import { DEFAULT_RETRY, fetchReport, pageRows, type ReportPage, type RetryPolicy, reportPages } from "../fetch-report";
import type { CostRow, Page, ProviderClient, UsageRow } from "../types";
import { costRow, usageRow } from "./rows";

interface Bucket {
  starting_at: string;
  ending_at: string;
  results?: Record<string, unknown>[];
}

const BOUNDS = (b: Bucket) => ({ start: new Date(b.starting_at), end: new Date(b.ending_at) });

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The Anthropic Admin API reports (specs/anthropic-admin-api.md): messages usage hourly by model, workspace and API
 * key; the cost report daily by workspace and description (which carries model, cost type and token type).
 */
export function anthropicClient(
  config: { apiKey: string; baseUrl: string; trusted?: boolean },
  policy: RetryPolicy = DEFAULT_RETRY,
): ProviderClient {
  const base = config.baseUrl.replace(/\/+$/, "");
  const trusted = config.trusted ?? false;
  const headers = { "x-api-key": config.apiKey, "anthropic-version": "2023-06-01", accept: "application/json" };

  const pages = (path: string, params: [string, string][]) => reportPages<Bucket>(`${base}${path}`, params, headers, policy, trusted);
  const toPage = <R>(page: ReportPage<Bucket>, map: (b: Bucket, r: Record<string, unknown>) => R | null, fallback: Date): Page<R> =>
    pageRows(page, BOUNDS, map, fallback);

  return {
    provider: "anthropic",
    async *usagePages(from, to): AsyncIterable<Page<UsageRow>> {
      const params: [string, string][] = [
        ["starting_at", rfc3339(from)],
        ["ending_at", rfc3339(to)],
        ["bucket_width", "1h"],
        ["limit", "168"],
        ["group_by[]", "model"],
        ["group_by[]", "workspace_id"],
        ["group_by[]", "api_key_id"],
      ];
      for await (const page of pages("/v1/organizations/usage_report/messages", params)) {
        yield toPage(page, (b, r) => usageRow(b.starting_at, r), to);
      }
    },
    async *costPages(from, to): AsyncIterable<Page<CostRow>> {
      const params: [string, string][] = [
        ["starting_at", rfc3339(from)],
        ["ending_at", rfc3339(to)],
        ["bucket_width", "1d"],
        ["limit", "31"],
        ["group_by[]", "workspace_id"],
        ["group_by[]", "description"],
      ];
      for await (const page of pages("/v1/organizations/cost_report", params)) {
        yield toPage(page, (b, r) => costRow(b.starting_at, r), to);
      }
    },
    async testConnection() {
      const start = new Date(Date.now() - 86_400_000);
      await fetchReport(
        `${base}/v1/organizations/usage_report/messages?starting_at=${encodeURIComponent(rfc3339(start))}&bucket_width=1d&limit=1`,
        headers,
        { ...policy, attempts: Math.min(policy.attempts, 2) },
        trusted,
      );
    },
  };
}
