import type { FakeDataset, FakeUsage } from "./dataset";
import { tokenCosts } from "./dataset";
import { arrayParam, bucketPage, type FakeServer, startFake } from "./server";

const GROUPS = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"];

/**
 * A fake of the OpenAI organization usage (completions) and costs APIs, following specs/openai-usage-api.md:
 * Unix-second buckets, partial first bucket, empty buckets as `results: []`, `limit` counting buckets, opaque
 * `next_page`, costs in dollars as alternately JSON numbers and strings, 401 for any other key.
 */
export function startFakeOpenAi(data: FakeDataset, opts: { key: string; port?: number }): Promise<FakeServer> {
  const byHour = new Map<number, FakeUsage[]>();
  for (const u of data.usage) byHour.set(u.hour, [...(byHour.get(u.hour) ?? []), u]);
  const inRange = (s: number, e: number) => {
    const out: FakeUsage[] = [];
    for (let h = Math.ceil(s / 3600) * 3600; h < e; h += 3600) out.push(...(byHour.get(h) ?? []));
    return out;
  };
  const times = (url: URL) => {
    const start = Number(url.searchParams.get("start_time"));
    if (!Number.isInteger(start) || start <= 0) throw new Error("start_time is required (Unix seconds)");
    const endRaw = url.searchParams.get("end_time");
    return { start, end: endRaw === null ? Math.floor(Date.now() / 1000) : Number(endRaw) };
  };
  return startFake(
    (url) => {
      if (url.pathname === "/v1/organization/usage/completions") {
        const { start, end } = times(url);
        const groups = arrayParam(url, "group_by");
        for (const g of groups) if (!GROUPS.includes(g)) throw new Error(`invalid group_by: ${g}`);
        const page = bucketPage(
          start,
          end,
          url.searchParams.get("bucket_width") ?? "1d",
          url.searchParams.get("limit"),
          url.searchParams.get("page"),
        );
        const data = page.buckets.map(([s, e]) => {
          const groupsOf = new Map<string, Record<string, unknown>>();
          for (const u of inRange(s, e)) {
            const dims = {
              project_id: groups.includes("project_id") ? u.project : null,
              user_id: null,
              api_key_id: groups.includes("api_key_id") ? u.apiKey : null,
              model: groups.includes("model") ? u.model : null,
              batch: null,
              service_tier: null,
            };
            const key = JSON.stringify(dims);
            const r = groupsOf.get(key) ?? {
              object: "organization.usage.completions.result",
              input_tokens: 0,
              input_cached_tokens: 0,
              input_cache_write_tokens: 0,
              input_uncached_tokens: 0,
              output_tokens: 0,
              num_model_requests: 0,
              ...dims,
              api_source: "unlabeled",
            };
            const write = u.cacheWrite5m + u.cacheWrite1h;
            (r.input_tokens as number) += u.uncached + u.cacheRead + write;
            (r.input_cached_tokens as number) += u.cacheRead;
            (r.input_cache_write_tokens as number) += write;
            (r.input_uncached_tokens as number) += u.uncached;
            (r.output_tokens as number) += u.output;
            (r.num_model_requests as number) += u.requests;
            groupsOf.set(key, r);
          }
          return { object: "bucket", start_time: s, end_time: e, results: [...groupsOf.values()] };
        });
        return { status: 200, body: { object: "page", data, has_more: page.nextPage !== null, next_page: page.nextPage } };
      }
      if (url.pathname === "/v1/organization/costs") {
        const { start, end } = times(url);
        if ((url.searchParams.get("bucket_width") ?? "1d") !== "1d") throw new Error("costs only support bucket_width=1d");
        const groups = arrayParam(url, "group_by");
        const page = bucketPage(start, end, "1d", url.searchParams.get("limit"), url.searchParams.get("page"), { default: 7, max: 180 });
        let n = 0;
        const amount = (usd: string) => ({ value: n++ % 2 === 0 ? Number(usd) : usd, currency: "usd" });
        const buckets = page.buckets.map(([s, e]) => {
          const lines = new Map<string, { parts: string[]; item: Record<string, unknown> }>();
          const add = (lineItem: string, project: string | null, apiKey: string | null, usd: string) => {
            const item = {
              line_item: groups.includes("line_item") ? lineItem : null,
              project_id: groups.includes("project_id") ? project : null,
              api_key_id: groups.includes("api_key_id") ? apiKey : null,
            };
            const key = JSON.stringify(item);
            const l = lines.get(key) ?? { parts: [] as string[], item };
            l.parts.push(usd);
            lines.set(key, l);
          };
          for (const u of inRange(s, e)) {
            const c = tokenCosts(u);
            add(`${u.model}, input`, u.project, u.apiKey, c.uncached.plus(c.cacheWrite).toFixed());
            add(`${u.model}, cached input`, u.project, u.apiKey, c.cacheRead.toFixed());
            add(`${u.model}, output`, u.project, u.apiKey, c.output.toFixed());
          }
          for (const x of data.extras) if (x.day >= s && x.day < e) add("Web search tool calls", x.project, null, x.usd);
          const results = [...lines.values()].map((l) => ({
            object: "organization.costs.result",
            amount: amount(sumDecimals(l.parts)),
            ...l.item,
            quantity: null,
            quantity_unit: null,
          }));
          return { object: "bucket", start_time: s, end_time: e, results };
        });
        return { status: 200, body: { object: "page", data: buckets, has_more: page.nextPage !== null, next_page: page.nextPage } };
      }
      return { status: 404, body: openAiError("Not found", "invalid_request_error") };
    },
    {
      port: opts.port,
      authorized: (req) => req.headers.authorization === `Bearer ${opts.key}`,
      error: (_status, type, message) => openAiError(message, type),
    },
  );
}

function openAiError(message: string, type: string) {
  return { error: { message, type, param: null, code: null } };
}

/** Exact decimal sum without floats (the fake's own bookkeeping). */
export function sumDecimals(parts: string[]): string {
  const scale = 12;
  let total = 0n;
  for (const p of parts) {
    const [i = "0", f = ""] = p.split(".");
    total += BigInt(i) * 10n ** BigInt(scale) + BigInt((f + "0".repeat(scale)).slice(0, scale));
  }
  const s = total.toString().padStart(scale + 1, "0");
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, "");
}
