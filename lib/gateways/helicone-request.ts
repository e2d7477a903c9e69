import "server-only";
import { verify } from "@octokit/webhooks-methods";
import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { type IngestResult, ingestEvents } from "@/lib/ingest/ingest-events";
import { parseEvent } from "@/lib/ingest/schemas";
import { outboundRequest } from "@/lib/net/outbound-request";
import { ingestFlaggingCrossPath } from "./cross-path";
import { enrichHeliconeEvent, type HeliconeRequest, HeliconeRestResponse, heliconeEvent } from "./helicone";
import { type HeliconeConfig, heliconeConfig } from "./helicone-settings";

const SIGNATURE = /^[0-9a-f]{64}$/;
/** Helicone waits up to 2 minutes for an answer; enrichment gets a small part of that. */
const ENRICH_TIMEOUT_MS = 5_000;

/**
 * Checks `Helicone-Signature` (hex HMAC-SHA256 of the raw body, with the webhook secret from Settings → Connect or
 * HELICONE_WEBHOOK_SECRET) in constant time: 401 otherwise.
 */
export async function verifyHeliconeSignature(config: HeliconeConfig, body: string, signature: string | null): Promise<void> {
  if ("problem" in config.secret) throw new AppError("unauthorized", config.secret.problem);
  const sig = (signature ?? "").trim().toLowerCase();
  // A malformed header is refused before comparing; verify() compares equal-length digests in constant time.
  if (!SIGNATURE.test(sig) || body === "" || !(await verify(config.secret.value, body, `sha256=${sig}`))) {
    throw new AppError("unauthorized", "The Helicone-Signature header is missing or does not match the body.");
  }
}

/** Helicone's record of one request, or why there is none (`tags.enrichment` says which). */
async function fetchHeliconeRequest(api: NonNullable<HeliconeConfig["api"]>, requestId: string): Promise<HeliconeRequest | string> {
  try {
    const res = await outboundRequest(`${api.url}/v1/request/${encodeURIComponent(requestId)}`, {
      headers: { authorization: `Bearer ${api.key}`, accept: "application/json" },
      timeoutMs: ENRICH_TIMEOUT_MS,
      maxBytes: 2 * 1024 * 1024,
      // HELICONE_API_URL comes from the environment, like the providers' base URLs.
      trusted: true,
      allowed: [],
    });
    if (res.status === 404) return "not_found";
    if (res.status === 401 || res.status === 403) return "unauthorized";
    if (res.status >= 300) return `http_${res.status}`;
    const parsed = HeliconeRestResponse.safeParse(JSON.parse(res.body.toString("utf8")));
    if (!parsed.success || !parsed.data.data) return "unreadable";
    return parsed.data.data;
  } catch (err) {
    return err instanceof SyntaxError ? "unreadable" : "unreachable";
  }
}

/**
 * A Helicone delivery → one event through ingest (idempotent by Helicone's request id: a re-sent log is a duplicate).
 * Verified first; then, with a Helicone API key, enriched from Helicone's REST API (time, properties, sessions). An
 * enrichment that fails — Helicone unreachable, the request unknown, a property that is not a valid value — never
 * loses the call: it is stored as the webhook described it, `tags.enrichment` naming the reason. 400 naming the field
 * when the payload cannot be an event at all.
 */
export async function ingestHelicone(ctx: Ctx, body: string, signature: string | null, receivedAt = new Date()): Promise<IngestResult> {
  const config = await heliconeConfig(ctx);
  await verifyHeliconeSignature(config, body, signature);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const mapped = heliconeEvent(raw, receivedAt);
  if ("errors" in mapped) throw new AppError("validation_failed", "The Helicone payload cannot be a usage event.", mapped.errors);
  let event = mapped.event;
  if (config.api) {
    const requestId = String((raw as { request_id: string }).request_id);
    const request = await fetchHeliconeRequest(config.api, requestId);
    if (typeof request === "string") event = { ...event, tags: { ...(event.tags as object), enrichment: request } };
    else {
      const enriched = enrichHeliconeEvent(event, request, config.properties);
      event = parseEvent(enriched, receivedAt).ok ? enriched : { ...event, tags: { ...(event.tags as object), enrichment: "invalid" } };
    }
  }
  const result = await ingestFlaggingCrossPath(ctx, "helicone", [event], () => ingestEvents(ctx, [event], receivedAt));
  if (result.rejected.length > 0) {
    throw new AppError("validation_failed", "The Helicone payload cannot be a usage event.", result.rejected[0]?.errors);
  }
  return result;
}
