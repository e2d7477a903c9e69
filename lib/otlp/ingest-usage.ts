import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { MAX_BATCH_EVENTS } from "@/lib/ingest/schemas";
import type { UsageRecord } from "./usage-event";

/** What an export came to: how many records it held, how many of them were rejected, and why. */
export interface ExportOutcome {
  records: number;
  rejected: number;
  errorMessage?: string;
  /** Usage events stored now, and those already stored by an earlier (retried) export. */
  accepted: number;
  duplicates: number;
}

const MAX_REASONS = 5;

/**
 * Stores the usage events mapped from an export through the same path as `POST /api/v1/events` — the same
 * validation, pricing, idempotency on `id` and rollups — in chunks of the events API's batch size.
 */
export async function ingestUsage(ctx: Ctx, usage: readonly UsageRecord[], records: number, now = new Date()): Promise<ExportOutcome> {
  const reasons: string[] = [];
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  for (let start = 0; start < usage.length; start += MAX_BATCH_EVENTS) {
    const chunk = usage.slice(start, start + MAX_BATCH_EVENTS);
    const result = await ingestEvents(
      ctx,
      chunk.map((u) => u.event),
      now,
    );
    accepted += result.accepted;
    duplicates += result.duplicates;
    rejected += result.rejected.length;
    for (const r of result.rejected) {
      if (reasons.length >= MAX_REASONS) break;
      const errors = r.errors.map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join("; ");
      reasons.push(`${chunk[r.index]?.label ?? "record"}: ${errors}`);
    }
  }
  if (rejected === 0) return { records, rejected, accepted, duplicates };
  const more = rejected > reasons.length ? ` (and ${rejected - reasons.length} more)` : "";
  const errorMessage = `${rejected} of ${records} records rejected. ${reasons.join(" | ")}${more}`;
  return { records, rejected, errorMessage, accepted, duplicates };
}
