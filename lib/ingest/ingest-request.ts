import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { type IngestResult, ingestEvents } from "./ingest-events";
import { MAX_BATCH_EVENTS } from "./schemas";

/**
 * The body of `POST /api/v1/events`: one event, or `{"events": [...]}`. Answers 200 when anything was
 * accepted or duplicate (or the batch was empty), 400 with the same body plus `error` when all were rejected.
 */
export async function ingestRequestBody(ctx: Ctx, body: unknown): Promise<{ status: number; body: IngestResult & { error?: object } }> {
  assertCan(ctx.actor, "events:write");
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("invalid_json", 'The body must be an event object or {"events": [event, ...]}.');
  }
  let events: unknown[];
  if ("events" in body) {
    const envelope = body as { events: unknown };
    if (!Array.isArray(envelope.events) || Object.keys(body).length !== 1) {
      throw new AppError("invalid_json", 'The body must be an event object or {"events": [event, ...]} with no other keys.');
    }
    events = envelope.events;
  } else {
    events = [body];
  }
  if (events.length > MAX_BATCH_EVENTS) {
    throw new AppError("payload_too_large", `A batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${events.length}. Split it.`);
  }
  const result = await ingestEvents(ctx, events);
  if (events.length > 0 && result.accepted + result.duplicates === 0) {
    const noun = events.length === 1 ? "The event was" : `All ${events.length} events were`;
    return { status: 400, body: { ...result, error: { code: "validation_failed", message: `${noun} rejected; see rejected[].errors.` } } };
  }
  return { status: 200, body: result };
}
