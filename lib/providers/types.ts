import type { ProviderName } from "@/db/schema";

/** One hourly usage bucket row in our token convention (input includes cache reads and writes). */
export interface UsageRow {
  bucketStart: Date;
  model: string;
  project: string;
  apiKey: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** One daily cost line item in USD, as an exact decimal string. */
export interface CostRow {
  day: string;
  lineItem: string;
  project: string;
  apiKey: string;
  model: string;
  costUsd: string;
}

/** One page of a report: the buckets it covers (replaced as a whole, so late revisions land) and how far it reached. */
export interface Page<R> {
  bucketStarts: Date[];
  rows: R[];
  reached: Date;
}

export interface ProviderClient {
  provider: ProviderName;
  usagePages(from: Date, to: Date): AsyncIterable<Page<UsageRow>>;
  costPages(from: Date, to: Date): AsyncIterable<Page<CostRow>>;
  /** One small authenticated request: throws ProviderError when the key or the endpoint does not work. */
  testConnection(): Promise<void>;
}

export interface ProviderConfig {
  provider: ProviderName;
  apiKey: string;
  baseUrl: string;
  /** The account the key reads: GitHub Copilot's organization login. */
  account?: string;
  /**
   * The base URL is the operator's (OPENAI_BASE_URL / ANTHROPIC_BASE_URL or their defaults), so the outbound guard
   * trusts it; a base URL typed in Settings → Providers is checked like a budget webhook.
   */
  trusted: boolean;
  /** Where the key came from: the environment or Settings → Providers. */
  source: "env" | "settings";
}
