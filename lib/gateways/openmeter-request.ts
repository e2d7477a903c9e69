import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { MAX_BATCH_EVENTS, parseEvent } from "@/lib/ingest/schemas";
import { retentionKeepFrom } from "@/lib/partitions/partitions";
import { ingestFlaggingCrossPath } from "./cross-path";
import { bindGateway, gatewayOptionsOf } from "./key-binding";
import { openmeterEvents } from "./openmeter";

const SINGLE = "application/cloudevents+json";
const BATCH = "application/cloudevents-batch+json";

/**
 * An OpenMeter client's `POST …/api/v1/events`: one CloudEvent or a batch, by content type (parameters such as
 * `charset` are ignored). The batch is checked whole first — a bad event is a 400 naming `[index].field` and nothing is
 * stored; then every event goes in through ingest (a re-sent batch is duplicates). Answers like OpenMeter: no body.
 */
export async function ingestOpenmeter(
  ctx: Ctx,
  contentType: string | null,
  body: string,
  now = new Date(),
): Promise<{ accepted: number; duplicates: number; ignored: number }> {
  assertCan(ctx.actor, "events:write");
  const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (media !== SINGLE && media !== BATCH && media !== "application/json") {
    throw new AppError("bad_request", `Send CloudEvents as ${SINGLE}, ${BATCH} or application/json (got ${media || "none"}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  if (media === BATCH && !Array.isArray(parsed)) throw new AppError("invalid_json", `A ${BATCH} body is a JSON array of events.`);
  if (media === SINGLE && Array.isArray(parsed))
    throw new AppError("invalid_json", `A ${SINGLE} body is one event; send a batch as ${BATCH}.`);
  const raw = Array.isArray(parsed) ? parsed : [parsed];
  if (raw.length === 0) throw new AppError("invalid_json", "The batch holds no events.");
  if (raw.length > MAX_BATCH_EVENTS) {
    throw new AppError("payload_too_large", `A batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${raw.length}. Split it.`);
  }
  const mapped = openmeterEvents(raw, now, gatewayOptionsOf(ctx));
  if (!mapped.ok) throw new AppError("validation_failed", "The batch was refused whole; nothing was stored.", mapped.details);
  // Checked as ingest will check them, so a refusal still stores nothing.
  const keepFrom = retentionKeepFrom(now);
  const details = mapped.events.flatMap(({ event, from }) => {
    const r = parseEvent(event, now, keepFrom);
    return r.ok ? [] : r.errors.map((e) => ({ path: `[${from[0]}]`, message: `${e.path}: ${e.message}` }));
  });
  if (details.length > 0) throw new AppError("validation_failed", "The batch was refused whole; nothing was stored.", details);
  const events = mapped.events.map((e) => e.event);
  if (events.length > 0) await bindGateway(ctx, "openmeter");
  const result = await ingestFlaggingCrossPath(ctx, "openmeter", events, () => ingestEvents(ctx, events, now));
  return { accepted: result.accepted, duplicates: result.duplicates, ignored: mapped.ignored };
}
