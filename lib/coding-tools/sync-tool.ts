import type { ProviderRunResult } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { utcToday } from "@/lib/dates/calendar";
import { failRun, markSynced, readSyncedTo } from "@/lib/providers/sync-provider";
import { syncRange } from "@/lib/providers/sync-range";
import { claudeSeatPlan } from "./claude-code/seats";
import { withoutOtelOverlap } from "./overlap";
import { syncSeatPlan } from "./seats";
import { replaceToolDay } from "./store-day";
import type { ToolSource } from "./types";

const DAY_MS = 86_400_000;

/**
 * Syncs one coding tool: its seats into its plan, then day by day from where it reached (90 days back on the first
 * run, the last 3 days again after), each day replaced as a whole as it arrives. The cursor advances after every day,
 * so a run stopped by a rate limit or a crash resumes where it stopped, and re-reading a day never duplicates it.
 * `usageRows` counts the events written, `costRows` the vendor's charge lines, `pages` the days read.
 */
export async function syncTool(
  ctx: Ctx,
  source: ToolSource,
  now: Date,
  report: (r: ProviderRunResult) => Promise<void>,
  backfillDays?: number,
): Promise<ProviderRunResult> {
  const range = syncRange(now, await readSyncedTo(ctx, source.source), backfillDays);
  const from = utcToday(range.from);
  const to = utcToday(range.costTo);
  const total = Math.max(1, Math.round((range.costTo.getTime() - range.from.getTime()) / DAY_MS));
  const result: ProviderRunResult = {
    provider: source.source,
    from: range.from.toISOString(),
    to: range.costTo.toISOString(),
    usageRows: 0,
    costRows: 0,
    pages: 0,
    progress: 0,
    status: "running",
  };
  try {
    const seats = await source.seats();
    if (seats) {
      const s = await syncSeatPlan(ctx, source.source, seats, from);
      result.seats = { plan: seats.name, seats: s.seats, holders: s.holders, unmapped: s.unmapped.length };
    }
    for await (const day of source.days(from, to)) {
      let usage = day.usage;
      if (source.source === "claude-code") {
        const kept = await withoutOtelOverlap(ctx, day.day, usage);
        usage = kept.usage;
        result.skippedOverlap = (result.skippedOverlap ?? 0) + kept.skipped;
      }
      const stored = await replaceToolDay(ctx, source.source, { ...day, usage }, now);
      result.usageRows += stored.events;
      result.costRows += stored.charges;
      result.pages++;
      result.progress = Math.min(1, result.pages / total);
      await markSynced(ctx, source.source, new Date(Math.min(now.getTime(), Date.parse(`${day.day}T00:00:00Z`) + DAY_MS)));
      await report(result);
    }
    if (source.source === "claude-code") {
      const plan = await claudeSeatPlan(ctx, now);
      if (plan) {
        const s = await syncSeatPlan(ctx, source.source, plan, from, { onlyGrow: true });
        result.seats = { plan: plan.name, seats: s.seats, holders: s.holders, unmapped: s.unmapped.length };
      }
    }
    await markSynced(ctx, source.source, now, now);
    result.status = "ok";
    result.progress = 1;
  } catch (err) {
    failRun(result, err);
  }
  return result;
}
