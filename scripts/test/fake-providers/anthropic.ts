import Big from "big.js";
import type { FakeToolDataset } from "../fake-tools/dataset";
import { claudeCodeAnswer } from "../fake-tools/servers";
import type { FakeDataset, FakeUsage } from "./dataset";
import { tokenCosts } from "./dataset";
import { arrayParam, bucketPage, type FakeServer, startFake } from "./server";

interface UsageItem {
  uncached_input_tokens: number;
  cache_creation: { ephemeral_1h_input_tokens: number; ephemeral_5m_input_tokens: number };
  cache_read_input_tokens: number;
  output_tokens: number;
}

const EMPTY_TOOLS: FakeToolDataset = { people: [], removed: [], claude: [], cursor: [], copilot: [], idleSeats: [] };

const USAGE_GROUPS = ["api_key_id", "workspace_id", "model", "service_tier", "context_window"];

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.000Z$/, "Z");
const parseTime = (v: string | null, name: string) => {
  const t = v === null ? Number.NaN : Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`${name} must be an RFC 3339 timestamp`);
  return Math.floor(t / 1000);
};

/**
 * A fake of the Anthropic Admin API usage and cost reports, following specs/anthropic-admin-api.md: RFC 3339
 * buckets, nested `cache_creation`, every dimension present (null when not grouped), costs as decimal strings in
 * cents with fractional cents, `bucket_width=1h` refused on the cost report, `x-api-key` + `anthropic-version`.
 */
export function startFakeAnthropic(data: FakeDataset, opts: { key: string; port?: number; tools?: FakeToolDataset }): Promise<FakeServer> {
  const tools = opts.tools ?? EMPTY_TOOLS;
  const byHour = new Map<number, FakeUsage[]>();
  for (const u of data.usage) byHour.set(u.hour, [...(byHour.get(u.hour) ?? []), u]);
  const inRange = (s: number, e: number) => {
    const out: FakeUsage[] = [];
    for (let h = Math.ceil(s / 3600) * 3600; h < e; h += 3600) out.push(...(byHour.get(h) ?? []));
    return out;
  };
  const range = (url: URL) => ({
    start: parseTime(url.searchParams.get("starting_at"), "starting_at"),
    end: url.searchParams.has("ending_at") ? parseTime(url.searchParams.get("ending_at"), "ending_at") : Math.floor(Date.now() / 1000),
  });
  return startFake(
    (url, req) => {
      if (!req.headers["anthropic-version"]) throw new Error("anthropic-version header is required");
      if (url.pathname === "/v1/organizations/usage_report/messages") {
        const { start, end } = range(url);
        const groups = arrayParam(url, "group_by");
        for (const g of groups) if (!USAGE_GROUPS.includes(g)) throw new Error(`invalid group_by: ${g}`);
        const page = bucketPage(
          start,
          end,
          url.searchParams.get("bucket_width") ?? "1d",
          url.searchParams.get("limit"),
          url.searchParams.get("page"),
        );
        const out = page.buckets.map(([s, e]) => {
          const items = new Map<string, UsageItem>();
          for (const u of inRange(s, e)) {
            const dims = {
              api_key_id: groups.includes("api_key_id") ? u.apiKey : null,
              workspace_id: groups.includes("workspace_id") ? u.project : null,
              model: groups.includes("model") ? u.model : null,
              service_tier: groups.includes("service_tier") ? "standard" : null,
              context_window: groups.includes("context_window") ? "0-200k" : null,
            };
            const key = JSON.stringify(dims);
            const r = (items.get(key) ?? {
              uncached_input_tokens: 0,
              cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
              cache_read_input_tokens: 0,
              output_tokens: 0,
              server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
              ...dims,
            }) as UsageItem;
            r.uncached_input_tokens += u.uncached;
            r.cache_creation.ephemeral_5m_input_tokens += u.cacheWrite5m;
            r.cache_creation.ephemeral_1h_input_tokens += u.cacheWrite1h;
            r.cache_read_input_tokens += u.cacheRead;
            r.output_tokens += u.output;
            items.set(key, r);
          }
          return { starting_at: iso(s), ending_at: iso(e), results: [...items.values()] };
        });
        return { status: 200, body: { data: out, has_more: page.nextPage !== null, next_page: page.nextPage } };
      }
      if (url.pathname === "/v1/organizations/cost_report") {
        const { start, end } = range(url);
        if ((url.searchParams.get("bucket_width") ?? "1d") !== "1d") throw new Error("bucket_width must be 1d for the cost report");
        const groups = arrayParam(url, "group_by");
        const page = bucketPage(start, end, "1d", url.searchParams.get("limit"), url.searchParams.get("page"));
        const byDesc = groups.includes("description");
        const byWs = groups.includes("workspace_id");
        const out = page.buckets.map(([s, e]) => {
          const items = new Map<string, { cents: Big; item: Record<string, unknown> }>();
          const add = (cents: Big, fields: Record<string, unknown>, workspace: string | null) => {
            const item = {
              currency: "USD",
              workspace_id: byWs ? workspace : null,
              description: byDesc ? fields.description : null,
              cost_type: byDesc ? fields.cost_type : null,
              context_window: byDesc ? (fields.context_window ?? null) : null,
              model: byDesc ? (fields.model ?? null) : null,
              service_tier: byDesc ? (fields.service_tier ?? null) : null,
              token_type: byDesc ? (fields.token_type ?? null) : null,
              inference_geo: null,
            };
            const key = JSON.stringify(item);
            const prev = items.get(key);
            items.set(key, { cents: (prev?.cents ?? new Big(0)).plus(cents), item });
          };
          for (const u of inRange(s, e)) {
            const c = tokenCosts(u);
            const parts: [string, string, Big][] = [
              ["Input Tokens", "uncached_input_tokens", c.uncached],
              ["Cache Read", "cache_read_input_tokens", c.cacheRead],
              ["Cache Write", "cache_creation.ephemeral_5m_input_tokens", c.cacheWrite],
              ["Output Tokens", "output_tokens", c.output],
            ];
            for (const [label, tokenType, usd] of parts) {
              const fields = {
                description: `${u.model} Usage - ${label}`,
                cost_type: "tokens",
                context_window: "0-200k",
                model: u.model,
                service_tier: "standard",
                token_type: tokenType,
              };
              add(usd.times(100), fields, u.project);
            }
          }
          for (const x of data.extras) {
            if (x.day >= s && x.day < e) add(new Big(x.usd).times(100), { description: "Web Search", cost_type: "web_search" }, x.project);
          }
          const results = [...items.values()].map(({ cents, item }) => ({ ...item, amount: cents.toFixed() }));
          return { starting_at: iso(s), ending_at: iso(e), results };
        });
        return { status: 200, body: { data: out, has_more: page.nextPage !== null, next_page: page.nextPage } };
      }
      if (url.pathname === "/v1/organizations/usage_report/claude_code") return claudeCodeAnswer(tools, url);
      return { status: 404, body: anthropicError("not_found_error", "Not found") };
    },
    {
      port: opts.port,
      authorized: (req) => req.headers["x-api-key"] === opts.key,
      error: (_status, type, message) => anthropicError(type, message),
    },
  );
}

function anthropicError(type: string, message: string) {
  return { type: "error", error: { type, message } };
}
