import type { SyncSummary } from "./run-sync";

/** The JSON summary `POST /api/v1/cron/sync` answers with (snake_case, like the rest of the API). */
export function syncSummaryBody(s: SyncSummary) {
  return {
    run_id: s.runId,
    status: s.status,
    started_at: s.startedAt.toISOString(),
    finished_at: s.finishedAt.toISOString(),
    duration_ms: s.finishedAt.getTime() - s.startedAt.getTime(),
    rows: s.rows,
    providers: s.providers.map((p) => ({
      provider: p.provider,
      status: p.status,
      from: p.from,
      to: p.to,
      usage_rows: p.usageRows,
      cost_rows: p.costRows,
      pages: p.pages,
      ...(p.seats ? { seats: { plan: p.seats.plan, seats: p.seats.seats, holders: p.seats.holders, unmapped: p.seats.unmapped } } : {}),
      ...(p.skippedOverlap ? { skipped_overlap: p.skippedOverlap } : {}),
      ...(p.error ? { error: p.error } : {}),
    })),
  };
}
