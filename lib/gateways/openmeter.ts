import { createHash } from "node:crypto";
import { z } from "zod";
import type { GatewayOptions } from "@/db/schema";
import type { ErrorDetail } from "@/lib/errors";

/**
 * OpenMeter-style CloudEvents 1.0 (specs/gateway-callbacks.md §3) → Burnrate usage events. OpenMeter gives no LLM
 * meaning to an event; these are Burnrate's rules (§3.4):
 * - `type` `prompt` or `tokens` with `data.tokens` and `data.type`: one event per token bucket, disjoint (`input` and
 *   `system` uncached input, `cache_read`/`cached_input`, `cache_write`/`cache_creation`, `output`, `reasoning` as part
 *   of output). The events of one call (same `source` and `data.request_id`, else the `id` before its last `:`)
 *   in one batch become one row.
 * - `type` `litellm_tokens` (LiteLLM's `openmeter` callback): `prompt_tokens` (all input), `completion_tokens`, `cost`.
 * - Any other type is acknowledged and ignored.
 * `subject` is the customer, or per key (`api_keys.gateway_options`) the user or nothing; `data.user`, `data.team`,
 * `data.tags`, `data.session_id` attribute when present. Per key too, `input_includes_cached` reads a per-token
 * `input` as OpenAI's `prompt_tokens` (cache reads inside it) instead of uncached input.
 */

const nonEmpty = z.string().min(1, "is required and must be a non-empty string");
export const CloudEvent = z.looseObject({
  specversion: z.literal("1.0", { error: 'must be "1.0"' }),
  id: nonEmpty,
  source: nonEmpty,
  type: nonEmpty,
  subject: nonEmpty,
  time: z.iso.datetime({ offset: true, error: "must be an RFC 3339 timestamp" }).nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type CloudEvent = z.infer<typeof CloudEvent>;

const tokenCount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,15}$/)], {
  error: "must be a whole number of tokens (a number or a numeric string)",
});
const TokenData = z.looseObject({
  tokens: tokenCount,
  type: z.enum(["input", "system", "cache_read", "cached_input", "cache_write", "cache_creation", "output", "reasoning"], {
    error: "must be one of input, system, cache_read, cache_write, output, reasoning",
  }),
  model: nonEmpty,
});
const LitellmData = z.looseObject({
  model: nonEmpty,
  prompt_tokens: tokenCount,
  completion_tokens: tokenCount,
  cost: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/)]).nullish(),
});

const TOKEN_TYPES = new Set(["prompt", "tokens"]);
const BUCKET = {
  input: "uncached",
  system: "uncached",
  cache_read: "cacheRead",
  cached_input: "cacheRead",
  cache_write: "cacheWrite",
  cache_creation: "cacheWrite",
  output: "output",
  reasoning: "reasoning",
} as const;

/** The provider a model id names, for events that do not say (LiteLLM's callback sends none). */
export function inferProvider(model: string): string {
  const m = model.toLowerCase();
  if (/^(gpt|o\d|chatgpt|text-embedding|dall-e|whisper|tts)/.test(m)) return "openai";
  if (m.startsWith("claude")) return "anthropic";
  if (m.startsWith("gemini")) return "google";
  if (/^(mistral|mixtral|codestral|ministral|magistral)/.test(m)) return "mistral";
  if (m.startsWith("deepseek")) return "deepseek";
  if (m.startsWith("grok")) return "xai";
  return "unknown";
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function attribution(e: CloudEvent, options: GatewayOptions): Record<string, unknown> {
  const d = e.data ?? {};
  const tags: Record<string, string> = { source: "openmeter", openmeter_source: e.source.slice(0, 200) };
  if (Array.isArray(d.tags)) for (const t of d.tags.slice(0, 24)) if (typeof t === "string" && t) tags[t.slice(0, 64)] = "true";
  const subject = options.subject ?? "customer";
  const out: Record<string, unknown> = {
    customer: subject === "customer" ? e.subject : undefined,
    // `data.user` names the user when the event has one; otherwise the subject, when the key says it is the user.
    user: str(d.user) ?? (subject === "user" ? e.subject : undefined),
    team: str(d.team),
    session: str(d.session_id),
    tags,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** LiteLLM's callback uses the provider response id (else its call id) as the CloudEvent id: the cross-path key. */
function withResponseId(attributed: Record<string, unknown>, id: string): Record<string, unknown> {
  const tags = attributed.tags as Record<string, string>;
  return { ...attributed, tags: { ...tags, response_id: id.slice(0, 200) } };
}

const hash = (parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 12);

export type MappedBatch =
  | { ok: true; events: { event: Record<string, unknown>; from: number[] }[]; ignored: number }
  | { ok: false; details: ErrorDetail[] };

/**
 * A whole request's CloudEvents as Burnrate events, or every problem by `[index].field`: the batch is checked whole
 * before anything is stored. `now` stands in for a missing `time`.
 */
export function openmeterEvents(raw: unknown[], now: Date, options: GatewayOptions = {}): MappedBatch {
  const details: ErrorDetail[] = [];
  const parsed: CloudEvent[] = [];
  raw.forEach((r, i) => {
    const p = CloudEvent.safeParse(r);
    if (!p.success) {
      for (const issue of p.error.issues)
        details.push({ path: `[${i}]${issue.path.length ? `.${issue.path.join(".")}` : ""}`, message: issue.message });
      return;
    }
    parsed[i] = p.data;
    const data = TOKEN_TYPES.has(p.data.type) ? TokenData : p.data.type === "litellm_tokens" ? LitellmData : null;
    if (!data) return;
    const d = data.safeParse(p.data.data ?? {});
    if (!d.success)
      for (const issue of d.error.issues) details.push({ path: `[${i}].data.${issue.path.join(".")}`, message: issue.message });
  });
  if (details.length > 0) return { ok: false, details };

  let ignored = 0;
  const events: { event: Record<string, unknown>; from: number[] }[] = [];
  const groups = new Map<string, number[]>();
  parsed.forEach((e, i) => {
    if (TOKEN_TYPES.has(e.type)) {
      const request = str(e.data?.request_id) ?? e.id.replace(/:[^:]*$/, "");
      const key = `${e.source}\u0000${request}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    } else if (e.type === "litellm_tokens") {
      const d = LitellmData.parse(e.data);
      const model = d.model;
      events.push({
        from: [i],
        event: {
          id: `openmeter:${e.source}:${e.id}`.slice(0, 200),
          timestamp: e.time ?? now.toISOString(),
          provider: str(e.data?.provider) ?? inferProvider(model),
          model,
          input_tokens: Number(d.prompt_tokens),
          output_tokens: Number(d.completion_tokens),
          ...(d.cost !== null && d.cost !== undefined ? { cost_usd: d.cost } : {}),
          ...withResponseId(attribution(e, options), e.id),
        },
      });
    } else ignored += 1;
  });
  for (const [key, members] of groups) {
    const first = parsed[members[0] as number] as CloudEvent;
    const request = key.split("\u0000")[1] as string;
    const sums = { uncached: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
    for (const i of members) {
      const d = TokenData.parse(parsed[i]?.data);
      sums[BUCKET[d.type]] += Number(d.tokens);
    }
    const model = TokenData.parse(first.data).model;
    events.push({
      from: members,
      event: {
        // The same events re-sent are the same row; other buckets of the call sent later are a row of their own.
        id: `openmeter:${first.source}:${request}:${hash(members.map((i) => parsed[i]?.id as string).sort())}`.slice(0, 200),
        timestamp: first.time ?? now.toISOString(),
        provider: str(first.data?.provider) ?? inferProvider(model),
        model,
        // `input_includes_cached`: the producer's `input` is OpenAI's prompt_tokens, cache reads already inside it.
        input_tokens: options.input_includes_cached
          ? Math.max(sums.uncached, sums.cacheRead) + sums.cacheWrite
          : sums.uncached + sums.cacheRead + sums.cacheWrite,
        cache_read_tokens: sums.cacheRead,
        cache_write_tokens: sums.cacheWrite,
        output_tokens: Math.max(sums.output, sums.reasoning),
        reasoning_tokens: sums.reasoning,
        ...attribution(first, options),
      },
    });
  }
  return { ok: true, events, ignored };
}
