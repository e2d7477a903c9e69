import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { type IngestResult, ingestEvents } from "@/lib/ingest/ingest-events";
import { MAX_BATCH_EVENTS } from "@/lib/ingest/schemas";
import { ingestFlaggingCrossPath } from "./cross-path";
import { bindGateway } from "./key-binding";
import { isLegacyV1, litellmEvent, litellmRecords } from "./litellm";

export type LitellmResult = IngestResult & { skipped: number; error?: { code: "validation_failed"; message: string } };

/**
 * `POST /api/v1/integrations/litellm`: a LiteLLM batch, as its `generic_api` callback sends it. Each record becomes an
 * event through ingest's own path (validation, pricing when LiteLLM could not, idempotency by LiteLLM's call id);
 * a record that cannot be one is rejected by its index and field while the rest are stored. 200 unless every record
 * was rejected (400); `null` records (LiteLLM failed to build them) are counted as skipped.
 */
export async function ingestLitellm(ctx: Ctx, body: string, now = new Date()): Promise<{ status: number; body: LitellmResult }> {
  assertCan(ctx.actor, "events:write");
  const records = litellmRecords(body);
  if (records.length > MAX_BATCH_EVENTS) {
    throw new AppError(
      "payload_too_large",
      `A batch holds at most ${MAX_BATCH_EVENTS} records; this one has ${records.length}. LiteLLM's default batch (512) fits.`,
    );
  }
  const legacy = records.findIndex(isLegacyV1);
  if (legacy >= 0) {
    throw new AppError(
      "unsupported_payload",
      "This is LiteLLM's legacy v1 payload (generic_api_use_v1: every value a Python string): turn generic_api_use_v1 off.",
      [{ path: `[${legacy}]`, message: "legacy v1 payload" }],
    );
  }
  const rejected: IngestResult["rejected"] = [];
  const events: Record<string, unknown>[] = [];
  const origin: number[] = [];
  let skipped = 0;
  records.forEach((record, index) => {
    if (record === null) {
      skipped += 1;
      return;
    }
    const mapped = litellmEvent(record);
    if ("errors" in mapped) rejected.push({ index, errors: mapped.errors });
    else {
      events.push(mapped.event);
      origin.push(index);
    }
  });
  if (events.length > 0) await bindGateway(ctx, "litellm");
  const result = await ingestFlaggingCrossPath(ctx, "litellm", events, () => ingestEvents(ctx, events, now));
  for (const r of result.rejected) rejected.push({ ...r, index: origin[r.index] as number });
  rejected.sort((a, b) => a.index - b.index);
  const out = { accepted: result.accepted, duplicates: result.duplicates, rejected, skipped };
  if (records.length > skipped && out.accepted + out.duplicates === 0) {
    const noun = records.length - skipped === 1 ? "The record was" : `All ${records.length - skipped} records were`;
    return { status: 400, body: { ...out, error: { code: "validation_failed", message: `${noun} rejected; see rejected[].errors.` } } };
  }
  return { status: 200, body: out };
}
