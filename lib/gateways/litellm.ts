import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { EventError } from "@/lib/ingest/schemas";

/**
 * LiteLLM's `generic_api` callback (specs/gateway-callbacks.md §1): each `StandardLoggingPayload` becomes one Burnrate
 * usage event, in the contract's conventions. Only what the mapping reads is checked; every other field (and every
 * field a new release adds) is ignored, never a reason to refuse the record.
 */

const int = z.number().int().nonnegative().nullish();
const Usage = z.looseObject({
  prompt_tokens: int,
  completion_tokens: int,
  prompt_tokens_details: z.looseObject({ cached_tokens: int, text_tokens: int, cache_creation_tokens: int }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: int }).nullish(),
  cache_creation_input_tokens: int,
  cache_read_input_tokens: int,
});
type Usage = z.infer<typeof Usage>;

const text = z.string().nullish();
const Payload = z.looseObject({
  id: z.string().min(1),
  litellm_call_id: text,
  trace_id: text,
  status: z.enum(["success", "failure"]),
  custom_llm_provider: text,
  model: z.string().min(1),
  model_group: text,
  startTime: z.number().positive(),
  endTime: z.number().nullish(),
  completionStartTime: z.number().nullish(),
  stream: z.boolean().nullish(),
  response_cost: z.union([z.number(), z.string()]).nullish(),
  response_cost_failure_debug_info: z.unknown().nullish(),
  prompt_tokens: int,
  completion_tokens: int,
  cache_hit: z.boolean().nullish(),
  end_user: text,
  request_tags: z.array(z.string()).nullish(),
  response: z.unknown().nullish(),
  error_information: z.looseObject({ error_code: text, error_class: text }).nullish(),
  metadata: z
    .looseObject({
      user_api_key_user_id: text,
      user_api_key_alias: text,
      user_api_key_team_id: text,
      user_api_key_team_alias: text,
      user_api_key_end_user_id: text,
      usage_object: z.unknown().nullish(),
      requester_metadata: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});
type Payload = z.infer<typeof Payload>;

/** LiteLLM provider slugs whose `prompt_tokens` may or may not hold cache writes (§1.6). */
const ANTHROPIC_FAMILY = new Set(["anthropic", "bedrock", "vertex_ai", "vertex_ai_beta"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One tag short of ingest's 32: the cross-path check may add `duplicate_of` (lib/gateways/cross-path.ts). */
const MAX_TAGS = 31;

/** The legacy "v1" payload (`generic_api_use_v1`): every value a Python `str()`, `usage` a repr. Refused whole (§1.1). */
export function isLegacyV1(record: unknown): boolean {
  return typeof record === "object" && record !== null && "cost" in record && typeof (record as { usage?: unknown }).usage === "string";
}

/** The most detailed usage block LiteLLM sent: `metadata.usage_object`, else `response.usage`, else the top-level counters. */
function usageOf(p: Payload): Usage {
  for (const candidate of [p.metadata?.usage_object, (p.response as { usage?: unknown } | null | undefined)?.usage]) {
    const parsed = Usage.safeParse(candidate);
    if (parsed.success && candidate) return parsed.data;
  }
  return { prompt_tokens: p.prompt_tokens, completion_tokens: p.completion_tokens };
}

/** Tokens in DESIGN §2's convention: input holds uncached + cache reads + cache writes; output holds reasoning. */
export function litellmTokens(provider: string, u: Usage) {
  const prompt = u.prompt_tokens ?? 0;
  const cacheRead = u.prompt_tokens_details?.cached_tokens ?? u.cache_read_input_tokens ?? 0;
  const cacheWrite = u.cache_creation_input_tokens ?? u.prompt_tokens_details?.cache_creation_tokens ?? 0;
  let input = prompt;
  if (ANTHROPIC_FAMILY.has(provider)) {
    const uncached = u.prompt_tokens_details?.text_tokens;
    if (uncached !== null && uncached !== undefined) input = uncached + cacheRead + cacheWrite;
    // A release that left cache writes out of prompt_tokens shows itself: what is left after the cache parts is < 0.
    else if (prompt - cacheRead - cacheWrite < 0) input = prompt + cacheWrite;
  }
  const output = u.completion_tokens ?? 0;
  const reasoning = Math.min(u.completion_tokens_details?.reasoning_tokens ?? 0, output);
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: reasoning,
  };
}

const nonEmpty = (v: string | null | undefined) => (v ? v : undefined);
const ms = (seconds: number) => Math.round(seconds * 1000);

/** One LiteLLM record → a Burnrate event (still to be validated by ingest), or the reasons it cannot be one. */
export function litellmEvent(record: unknown): { event: Record<string, unknown> } | { errors: EventError[] } {
  const parsed = Payload.safeParse(record);
  if (!parsed.success) {
    return { errors: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join(".") || "(record)", message: i.message })) };
  }
  const p = parsed.data;
  let provider = (p.custom_llm_provider ?? "").toLowerCase();
  let model = p.model;
  // `bedrock/anthropic.claude-…`: the prefix is the provider.
  const slash = model.indexOf("/");
  if (slash > 0 && (provider === "" || model.slice(0, slash).toLowerCase() === provider)) {
    provider = model.slice(0, slash).toLowerCase();
    model = model.slice(slash + 1);
  }
  if (provider === "") return { errors: [{ path: "custom_llm_provider", message: "is required to tell the provider" }] };
  const meta = p.metadata ?? {};
  const requester = meta.requester_metadata ?? {};
  const cacheHit = p.cache_hit === true;
  const tokens = cacheHit
    ? { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 }
    : litellmTokens(provider, usageOf(p));

  const tags: Record<string, string> = {};
  const tag = (k: string, v: string | number | null | undefined) => {
    if (v === null || v === undefined || v === "" || Object.keys(tags).length >= MAX_TAGS) return;
    tags[k.slice(0, 64)] = String(v).slice(0, 200);
  };
  tag("source", "litellm");
  tag("model_alias", nonEmpty(p.model_group));
  tag("key_alias", meta.user_api_key_alias);
  tag("team_alias", meta.user_api_key_team_alias);
  tag("trace_id", p.trace_id);
  tag("response_id", p.id.replace(/_cache_hit[\d.]+$/, ""));
  tag("error_code", p.error_information?.error_code);
  tag("error_class", p.error_information?.error_class);
  if (p.stream && p.completionStartTime) tag("ttft_ms", ms(p.completionStartTime - p.startTime));
  if (cacheHit) tag("litellm_cache_hit", "true");
  if (ANTHROPIC_FAMILY.has(provider) && tokens.reasoning_tokens > 0) tag("reasoning_estimated", "true");
  // The request's own tags fill what is left (Burnrate's first, so a caller's 40 tags cannot push them out).
  for (const t of p.request_tags ?? []) if (!t.startsWith("User-Agent: ") && !(t.slice(0, 64) in tags)) tag(t, "true");

  const requesterSession = typeof requester.session_id === "string" ? requester.session_id : undefined;
  const session = requesterSession ?? (p.trace_id && !UUID.test(p.trace_id) ? p.trace_id : undefined);
  // The cost LiteLLM computed, unless computing it failed (then Burnrate prices the call).
  const cost = p.response_cost_failure_debug_info ? undefined : (p.response_cost ?? undefined);
  const event: Record<string, unknown> = {
    id: `litellm:${p.litellm_call_id ?? p.id}`,
    timestamp: new Date(ms(p.startTime)).toISOString(),
    provider,
    model,
    ...tokens,
    ...(cost !== undefined ? { cost_usd: typeof cost === "number" ? cost : cost.trim() } : {}),
    status: p.status === "failure" ? "error" : "ok",
    ...(p.endTime && p.endTime >= p.startTime ? { latency_ms: ms(p.endTime - p.startTime) } : {}),
    user: nonEmpty(meta.user_api_key_user_id),
    team: nonEmpty(meta.user_api_key_team_id),
    customer: nonEmpty(p.end_user) ?? nonEmpty(meta.user_api_key_end_user_id),
    session,
    ...(typeof requester.feature === "string" ? { feature: requester.feature } : {}),
    ...(typeof requester.environment === "string" ? { environment: requester.environment } : {}),
    tags,
  };
  for (const k of Object.keys(event)) if (event[k] === undefined) delete event[k];
  return { event };
}

/**
 * The records of a POST: a JSON array (`log_format: json_array`), one object (`single`), or objects one per line
 * (`ndjson`, sent as application/json too). `null` items (LiteLLM failed to build the payload) are skipped.
 */
export function litellmRecords(body: string): unknown[] {
  const trimmed = body.trim();
  if (trimmed === "") return [];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    const lines = trimmed.split("\n").filter((l) => l.trim() !== "");
    try {
      return lines.map((l) => JSON.parse(l));
    } catch {
      throw new AppError("invalid_json", "The body is not JSON, a JSON array or newline-delimited JSON (LiteLLM's log_format).");
    }
  }
}
