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
