import type { Db } from "@/db/client";
import { AppError } from "@/lib/http/app-error";
import { json } from "@/lib/http/respond";
import { withCron } from "@/lib/http/with-cron";
import { runProviderSync } from "@/lib/providers/run-sync";
import { syncSummaryBody } from "@/lib/providers/summary";

export const dynamic = "force-dynamic";
// A first backfill reads 90 days from both providers; the caller waits for the summary.
export const maxDuration = 900;

export const POST = withCron("cron", async ({ ctx }) => {
  const summary = await runProviderSync(ctx.db as Db, { trigger: "cron" });
  if (!summary) throw new AppError("conflict", "A provider sync is already running; try again when it has finished.");
  return json(syncSummaryBody(summary));
});
