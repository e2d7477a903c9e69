import { z } from "zod";
import { inferProvider } from "./openmeter";

/**
 * Helicone's webhook (specs/gateway-callbacks.md §2) → one Burnrate usage event. Tokens come from the provider's own
 * usage block in `response_body` (Helicone's `metadata.promptTokens` is uncached input only and its `completionTokens`
 * leave reasoning out); only when the body has none (truncated, omitted) do Helicone's counts stand in, flagged. The
 * webhook carries no timestamp: the call is placed at receipt − 30 s (Helicone's send delay) − its latency, flagged.
 */

const int = z.number().int().nonnegative().nullish();
const body = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();
export const HeliconePayload = z.looseObject({
  request_id: z.string().min(1).max(180),
  request_body: body,
  response_body: body,
  user_id: z.string().nullish(),
  model: z.string().nullish(),
  provider: z.string().nullish(),
  metadata: z
    .looseObject({
      cost: z.number().nonnegative().nullish(),
      promptTokens: int,
      completionTokens: int,
      latencyMs: int,
    })
    .nullish(),
});

/** Helicone sends the webhook about 30 s after the call is logged (§2.2). */
const SEND_DELAY_MS = 30_000;

const asObject = (v: unknown): Record<string, unknown> | null => {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v !== "string" || !v.trimStart().startsWith("{")) return null;
  try {
    return asObject(JSON.parse(v));
  } catch {
    return null;
  }
};
const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** The provider's usage block, in DESIGN §2's convention, or null when the body has none. */
export function usageFromBody(response: Record<string, unknown> | null) {
  const u = asObject(response?.usage);
  if (!u) return null;
  if (u.prompt_tokens !== undefined) {
    const output = num(u.completion_tokens);
    return {
      input_tokens: num(u.prompt_tokens),
      cache_read_tokens: num(asObject(u.prompt_tokens_details)?.cached_tokens),
      cache_write_tokens: 0,
      output_tokens: output,
      reasoning_tokens: Math.min(num(asObject(u.completion_tokens_details)?.reasoning_tokens), output),
    };
  }
  if (u.input_tokens !== undefined) {
    const read = num(u.cache_read_input_tokens);
    const write = num(u.cache_creation_input_tokens);
    return {
      input_tokens: num(u.input_tokens) + read + write,
      cache_read_tokens: read,
      cache_write_tokens: write,
      output_tokens: num(u.output_tokens),
      reasoning_tokens: 0,
    };
  }
  return null;
}

export function heliconeEvent(
  raw: unknown,
  receivedAt: Date,
): { event: Record<string, unknown> } | { errors: { path: string; message: string }[] } {
  const parsed = HeliconePayload.safeParse(raw);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })) };
  const p = parsed.data;
  const response = asObject(p.response_body);
  const request = asObject(p.request_body);
  const meta = p.metadata ?? {};
  const model = str(p.model) ?? str(response?.model) ?? str(request?.model);
  if (!model) return { errors: [{ path: "model", message: "is required (the webhook's includeData must be on)" }] };
  const provider = str(p.provider)?.toLowerCase() ?? inferProvider(model);
  const error = asObject(response?.error);
  const failed = error !== null || response?.type === "error";
  const fromBody = usageFromBody(response);
  const tokens =
    fromBody ??
    (failed
      ? { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 }
      : { input_tokens: meta.promptTokens ?? 0, output_tokens: meta.completionTokens ?? 0 });
  const latency = meta.latencyMs ?? 0;
  const tags: Record<string, string> = { source: "helicone", time_approx: "true" };
  const responseId = str(response?.id);
  if (responseId) tags.response_id = responseId.slice(0, 200);
  if (!fromBody && !failed) tags.tokens_approx = "true";
  const errorClass = str(error?.code) ?? str(error?.type);
  if (errorClass) tags.error_class = errorClass.slice(0, 200);
  const event: Record<string, unknown> = {
    id: `helicone:${p.request_id}`,
    timestamp: new Date(receivedAt.getTime() - SEND_DELAY_MS - latency).toISOString(),
    provider,
    model,
    ...tokens,
    ...(typeof meta.cost === "number" ? { cost_usd: meta.cost } : {}),
    status: failed ? "error" : "ok",
    ...(meta.latencyMs !== null && meta.latencyMs !== undefined ? { latency_ms: meta.latencyMs } : {}),
    ...(str(p.user_id) ? { user: p.user_id } : {}),
    tags,
  };
  return { event };
}

/** The fields a Helicone custom property can fill (Settings → Connect's property map); the rest become tags. */
export const PROPERTY_TARGETS = [
  "team",
  "user",
  "customer",
  "feature",
  "workflow",
  "environment",
  "repo",
  "branch",
  "tool",
  "agent",
  "prompt_version",
  "session",
] as const;
export type PropertyTarget = (typeof PROPERTY_TARGETS)[number];

/**
 * Property names (lower case) → fields, unless Settings says otherwise. Helicone keeps a session's id as the
 * `Helicone-Session-Id` property (the exact key is UNVERIFIED; `session` is read too).
 */
export const DEFAULT_PROPERTY_MAP: Record<string, PropertyTarget> = {
  team: "team",
  customer: "customer",
  feature: "feature",
  workflow: "workflow",
  environment: "environment",
  repo: "repo",
  "helicone-session-id": "session",
  session: "session",
};

const count = z
  .union([
    z.number().nonnegative(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();
/** One request of `GET /v1/request/{id}` (§2.5); every field optional, numbers as numbers or numeric strings. */
const HeliconeRequest = z.looseObject({
  request_created_at: z.string().nullish(),
  response_status: count,
  request_user_id: z.string().nullish(),
  request_properties: z.record(z.string(), z.unknown()).nullish(),
  prompt_tokens: count,
  completion_tokens: count,
  prompt_cache_read_tokens: count,
  prompt_cache_write_tokens: count,
  reasoning_tokens: count,
  cost: count,
});
export type HeliconeRequest = z.infer<typeof HeliconeRequest>;
/** `{data, error}`; `data` as the object or, in case, a one-element list. */
export const HeliconeRestResponse = z.looseObject({
  data: z
    .union([
      HeliconeRequest,
      z
        .array(HeliconeRequest)
        .max(1)
        .transform((a) => a[0] ?? null),
    ])
    .nullish(),
  error: z.unknown().nullish(),
});

/** Room left for `enriched` and the cross-path `duplicate_of` within ingest's 32 tags. */
const MAX_TAGS = 30;
const whole = (n: number | null | undefined) => (n === null || n === undefined ? 0 : Math.round(n));

/**
 * The webhook's event completed from Helicone's own record of the request (§2.6): its creation time replaces the
 * estimate, custom properties fill the mapped fields (never overriding what the webhook said) and the rest become
 * tags, the request's user stands in for a missing one, an HTTP status ≥ 400 marks an error, Helicone's cost fills
 * a missing one, and when the body had no usage block its counts replace the webhook's (`prompt_tokens` read as
 * uncached input, as Helicone's code fills it — UNVERIFIED for this endpoint; still flagged `tokens_approx`).
 */
export function enrichHeliconeEvent(
  event: Record<string, unknown>,
  request: HeliconeRequest,
  properties: Record<string, PropertyTarget>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event };
  const tags: Record<string, string> = { ...(event.tags as Record<string, string>) };
  const created = request.request_created_at ? Date.parse(request.request_created_at) : Number.NaN;
  if (Number.isFinite(created)) {
    out.timestamp = new Date(created).toISOString();
    delete tags.time_approx;
  }
  if (tags.tokens_approx && request.prompt_tokens !== null && request.prompt_tokens !== undefined) {
    const read = whole(request.prompt_cache_read_tokens);
    const write = whole(request.prompt_cache_write_tokens);
    const reasoning = whole(request.reasoning_tokens);
    out.input_tokens = whole(request.prompt_tokens) + read + write;
    out.cache_read_tokens = read;
    out.cache_write_tokens = write;
    out.output_tokens = whole(request.completion_tokens) + reasoning;
    out.reasoning_tokens = reasoning;
  }
  if (out.cost_usd === undefined && typeof request.cost === "number") out.cost_usd = request.cost;
  if (typeof request.response_status === "number" && request.response_status >= 400) {
    out.status = "error";
    tags.http_status = String(request.response_status);
  }
  if (!out.user && request.request_user_id) out.user = request.request_user_id.slice(0, 200);
  for (const [name, raw] of Object.entries(request.request_properties ?? {})) {
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") continue;
    const value = String(raw).trim().slice(0, 200);
    if (value === "") continue;
    const target = properties[name.toLowerCase()];
    if (target) {
      if (out[target] === undefined) out[target] = value;
    } else if (Object.keys(tags).length < MAX_TAGS && !(name.slice(0, 64) in tags)) tags[name.slice(0, 64)] = value;
  }
  tags.enriched = "helicone";
  out.tags = tags;
  return out;
}
