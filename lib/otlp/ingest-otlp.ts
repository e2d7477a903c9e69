import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { claudeCodeUsage } from "./claude-code";
import { codexUsage } from "./codex";
import { type ExportOutcome, ingestUsage } from "./ingest-usage";
import { logViews } from "./log-records";
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from "./schemas";
import { genAiSpanUsage, spanViews } from "./spans";
import type { UsageRecord } from "./usage-event";

/**
 * `/v1/logs`: Claude Code `api_request` and Codex `response.completed` events become usage events; every other
 * record (prompts, tool results, decisions, any other app's logs) is accepted and not stored.
 */
export async function ingestOtlpLogs(ctx: Ctx, request: ExportLogsRequest, now = new Date()): Promise<ExportOutcome> {
  assertCan(ctx.actor, "events:write");
  const views = logViews(request);
  const usage = views.map((v) => claudeCodeUsage(v) ?? codexUsage(v)).filter((u): u is UsageRecord => u !== null);
  return ingestUsage(ctx, usage, views.length, now);
}

/** `/v1/traces`: each GenAI model-call span becomes a usage event; other spans are accepted and not stored. */
export async function ingestOtlpTraces(
  ctx: Ctx,
  request: ExportTraceRequest,
  idEncoding: "hex" | "base64",
  now = new Date(),
): Promise<ExportOutcome> {
  assertCan(ctx.actor, "events:write");
  const views = spanViews(request, idEncoding);
  const usage = views.map(genAiSpanUsage).filter((u): u is UsageRecord => u !== null);
  return ingestUsage(ctx, usage, views.length, now);
}

/**
 * `/v1/metrics`: accepted and not stored. Claude Code's `claude_code.cost.usage` and `claude_code.token.usage`
 * count the very calls its `api_request` events report (adding both would double the spend), arrive only every
 * 60 s, and carry no per-call model, cache or timing detail; GenAI `gen_ai.client.token.usage` histograms
 * likewise summarise the spans. Events are the one source of spend, so answering 200 keeps exporters that
 * send all signals to one endpoint happy without counting anything twice.
 */
export async function acceptOtlpMetrics(ctx: Ctx, request: ExportMetricsRequest): Promise<ExportOutcome> {
  assertCan(ctx.actor, "events:write");
  let points = 0;
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        points += data?.dataPoints?.length ?? 0;
      }
    }
  }
  return { records: points, rejected: 0, accepted: 0, duplicates: 0 };
}
