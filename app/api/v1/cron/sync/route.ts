import { json } from "@/lib/http/respond";
import { withCron } from "@/lib/http/with-cron";
import { providerSyncJob } from "@/lib/jobs/jobs";
import { runJobNow } from "@/lib/jobs/run-job";
import { syncSummaryBody } from "@/lib/providers/summary";

export const dynamic = "force-dynamic";
// A first backfill reads 90 days from both providers; the caller waits for the summary.
export const maxDuration = 900;

// Runs the provider-sync job here and answers with its summary (409 while a run holds the job's slot).
export const POST = withCron("cron", async ({ ctx }) => json(syncSummaryBody(await runJobNow(ctx, providerSyncJob, { trigger: "cron" }))));
