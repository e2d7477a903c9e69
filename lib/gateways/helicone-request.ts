import "server-only";
import { verify } from "@octokit/webhooks-methods";
import type { Ctx } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type IngestResult, ingestEvents } from "@/lib/ingest/ingest-events";
import { heliconeEvent } from "./helicone";

const SIGNATURE = /^[0-9a-f]{64}$/;

/** Checks `Helicone-Signature` (hex HMAC-SHA256 of the raw body, HELICONE_WEBHOOK_SECRET) in constant time: 401 otherwise. */
export async function verifyHeliconeSignature(body: string, signature: string | null): Promise<void> {
  const secret = env().HELICONE_WEBHOOK_SECRET;
  if (!secret) throw new AppError("unauthorized", "Helicone webhooks are not enabled: set HELICONE_WEBHOOK_SECRET.");
  const sig = (signature ?? "").trim().toLowerCase();
  // A malformed header is refused before comparing; verify() compares equal-length digests in constant time.
  if (!SIGNATURE.test(sig) || body === "" || !(await verify(secret, body, `sha256=${sig}`))) {
    throw new AppError("unauthorized", "The Helicone-Signature header is missing or does not match the body.");
  }
}

/**
 * A verified Helicone delivery → one event through ingest (idempotent by Helicone's request id: a re-sent log is a
 * duplicate). 200 with ingest's result; 400 naming the field when the payload cannot be an event.
 */
export async function ingestHelicone(ctx: Ctx, body: string, receivedAt = new Date()): Promise<IngestResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const mapped = heliconeEvent(raw, receivedAt);
  if ("errors" in mapped) throw new AppError("validation_failed", "The Helicone payload cannot be a usage event.", mapped.errors);
  const result = await ingestEvents(ctx, [mapped.event], receivedAt);
  if (result.rejected.length > 0) {
    throw new AppError("validation_failed", "The Helicone payload cannot be a usage event.", result.rejected[0]?.errors);
  }
  return result;
}
