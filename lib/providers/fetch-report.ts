import { env } from "@/lib/env";
import { headerValue, OutboundRefusedError, outboundRequest } from "@/lib/net/outbound-request";

/** A provider request failed for good (after retries, or at once for a rejected key or a bad request). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubles each retry (with jitter) unless the provider sends Retry-After. */
  baseDelayMs: number;
  /** Cap on any single wait, Retry-After included. */
  maxDelayMs: number;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 60_000 };

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds (`Retry-After: 3`) or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A report page larger than this fails the run: no provider page comes near it (a year of hourly buckets is ~10 MB). */
export const MAX_PAGE_BYTES = 32 * 1024 * 1024;
/** A report walk that has not ended after this many pages fails the run instead of looping on a provider's cursor. */
export const MAX_REPORT_PAGES = 1000;

/**
 * GET a provider report page as JSON. 429, 5xx, timeouts and network errors are retried with exponential backoff,
 * honouring Retry-After; 401/403 and other 4xx fail at once (retrying a rejected key only burns the rate limit).
 * Requests go through the outbound guard: a base URL from Settings (`trusted` false) may not reach private addresses
 * unless allow-listed; a redirect or a page over MAX_PAGE_BYTES fails at once, whoever configured the URL.
 */
export async function fetchReport(
  url: string,
  headers: Record<string, string>,
  policy: RetryPolicy,
  trusted = false,
  request: { method?: "GET" | "POST"; body?: unknown; text?: boolean } = {},
): Promise<unknown> {
  const sleep = policy.sleep ?? wait;
  let last = "";
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
    try {
      const res = await outboundRequest(url, {
        method: request.method,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: request.body === undefined ? headers : { ...headers, "content-type": "application/json" },
        timeoutMs: policy.timeoutMs,
        maxBytes: MAX_PAGE_BYTES,
        trusted,
        allowed: env().BURNRATE_WEBHOOK_ALLOWED_HOSTS,
      });
      const text = res.body.toString("utf8");
      // 204: nothing for that request (GitHub's metrics report of a day not processed yet).
      if (res.status === 204) return null;
      if (res.status >= 200 && res.status < 300) return request.text ? text : JSON.parse(text);
      const message = errorMessage(text, res.status);
      // GitHub answers an exhausted rate limit with 403 (or 429) and x-ratelimit-remaining: 0; the reset is epoch seconds.
      const exhausted = res.status === 403 && headerValue(res.headers, "x-ratelimit-remaining") === "0";
      if ((res.status === 401 || res.status === 403) && !exhausted) {
        throw new ProviderError(`The admin key was rejected (${res.status}): ${message}`, res.status);
      }
      if (res.status !== 429 && res.status < 500 && !exhausted)
        throw new ProviderError(`Request refused (${res.status}): ${message}`, res.status);
      last = `${res.status}: ${message}`;
      const reset = Number(headerValue(res.headers, "x-ratelimit-reset"));
      const hinted =
        retryAfterMs(headerValue(res.headers, "retry-after")) ??
        (headerValue(res.headers, "x-ratelimit-remaining") === "0" && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : null);
      if (hinted !== null) delay = Math.min(policy.maxDelayMs, hinted);
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (err instanceof OutboundRefusedError) throw new ProviderError(`The provider URL was ${err.message}`);
      last = err instanceof Error && err.name === "TimeoutError" ? `timed out after ${policy.timeoutMs} ms` : String(err);
    }
    if (attempt < policy.attempts) await sleep(delay);
  }
  throw new ProviderError(`Gave up after ${policy.attempts} attempts (last: ${last})`);
}

function errorMessage(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof body.error === "object" && body.error?.message) return body.error.message.slice(0, 300);
    // Cursor ({error, message}) and GitHub ({message, documentation_url}).
    if (typeof body.message === "string") return body.message.slice(0, 300);
  } catch {}
  return text.slice(0, 200) || `HTTP ${status}`;
}

/** A page of a bucketed report, as both providers shape it: buckets of results, and a cursor to the next page. */
export interface ReportPage<B> {
  data?: B[];
  has_more?: boolean;
  next_page?: string | null;
}

/** Every page of a report, following `next_page` while `has_more` (both providers' pagination). */
export async function* reportPages<B>(
  url: string,
  params: [string, string][],
  headers: Record<string, string>,
  policy: RetryPolicy,
  trusted = false,
): AsyncGenerator<ReportPage<B>> {
  let cursor: string | null = null;
  let pages = 0;
  do {
    if (++pages > MAX_REPORT_PAGES) {
      throw new ProviderError(`Stopped after ${MAX_REPORT_PAGES} pages of ${new URL(url).pathname}: the provider kept answering has_more`);
    }
    const q = new URLSearchParams(params);
    if (cursor) q.set("page", cursor);
    const page = (await fetchReport(`${url}?${q}`, headers, policy, trusted)) as ReportPage<B>;
    yield page;
    const next = page.has_more && page.next_page ? page.next_page : null;
    if (next !== null && next === cursor) {
      throw new ProviderError(`The provider answered the same next_page twice for ${new URL(url).pathname}; stopped instead of looping`);
    }
    cursor = next;
  } while (cursor);
}

/** A report page's rows (`map` may drop one by returning null), the starts of its buckets, and how far it reached. */
export function pageRows<B extends { results?: Record<string, unknown>[] }, R>(
  page: ReportPage<B>,
  bounds: (b: B) => { start: Date; end: Date },
  map: (b: B, r: Record<string, unknown>) => R | null,
  fallback: Date,
): { bucketStarts: Date[]; rows: R[]; reached: Date } {
  const buckets = page.data ?? [];
  const rows: R[] = [];
  for (const b of buckets) {
    for (const r of b.results ?? []) {
      const row = map(b, r);
      if (row) rows.push(row);
    }
  }
  const last = buckets.at(-1);
  return { bucketStarts: buckets.map((b) => bounds(b).start), rows, reached: last ? bounds(last).end : fallback };
}
