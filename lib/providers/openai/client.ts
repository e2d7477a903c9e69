import { DEFAULT_RETRY, fetchReport, pageRows, type ReportPage, type RetryPolicy, reportPages } from "../fetch-report";
import type { CostRow, Page, ProviderClient, UsageRow } from "../types";
import { costRow, usageRow } from "./rows";

interface Bucket {
  start_time: number;
  end_time: number;
  results?: Record<string, unknown>[];
}

const BOUNDS = (b: Bucket) => ({ start: new Date(b.start_time * 1000), end: new Date(b.end_time * 1000) });

const sec = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The OpenAI organization usage and costs APIs (specs/openai-usage-api.md): completions usage hourly grouped by
 * model, project and API key; costs daily by line item, project and API key. Every page is followed.
 */
export function openAiClient(
  config: { apiKey: string; baseUrl: string; trusted?: boolean },
  policy: RetryPolicy = DEFAULT_RETRY,
): ProviderClient {
  const base = config.baseUrl.replace(/\/+$/, "");
  const trusted = config.trusted ?? false;
  const headers = { authorization: `Bearer ${config.apiKey}`, accept: "application/json" };

  const pages = (path: string, params: [string, string][]) => reportPages<Bucket>(`${base}${path}`, params, headers, policy, trusted);
  const toPage = <R>(page: ReportPage<Bucket>, map: (b: Bucket, r: Record<string, unknown>) => R | null, fallback: Date): Page<R> =>
    pageRows(page, BOUNDS, map, fallback);

  return {
    provider: "openai",
    async *usagePages(from, to): AsyncIterable<Page<UsageRow>> {
      const params: [string, string][] = [
        ["start_time", String(sec(from))],
        ["end_time", String(sec(to))],
        ["bucket_width", "1h"],
        ["limit", "168"],
        ["group_by", "model"],
        ["group_by", "project_id"],
        ["group_by", "api_key_id"],
      ];
      for await (const page of pages("/organization/usage/completions", params)) {
        yield toPage(page, (b, r) => usageRow(b.start_time, r), to);
      }
    },
    async *costPages(from, to): AsyncIterable<Page<CostRow>> {
      const params: [string, string][] = [
        ["start_time", String(sec(from))],
        ["end_time", String(sec(to))],
        ["bucket_width", "1d"],
        ["limit", "180"],
        ["group_by", "line_item"],
        ["group_by", "project_id"],
        ["group_by", "api_key_id"],
      ];
      for await (const page of pages("/organization/costs", params)) {
        yield toPage(page, (b, r) => costRow(b.start_time, r), to);
      }
    },
    async testConnection() {
      const end = new Date();
      const start = new Date(end.getTime() - 86_400_000);
      await fetchReport(
        `${base}/organization/usage/completions?start_time=${sec(start)}&end_time=${sec(end)}&bucket_width=1d&limit=1`,
        headers,
        { ...policy, attempts: Math.min(policy.attempts, 2) },
        trusted,
      );
    },
  };
}
