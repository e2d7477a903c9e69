import "server-only";
import { runAlertEvaluation } from "@/lib/alerts/evaluate";
import { systemContext } from "@/lib/auth/actor";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { resolveConnections } from "@/lib/providers/connections";
import { runProviderSync } from "@/lib/providers/run-sync";
import { weeklyDigestStep } from "@/lib/review/digest";
import { registerJob } from "./runner";

/** Every background job of the app, registered once at start (instrumentation → lib/start.ts). */
export function registerAppJobs(): void {
  registerJob({
    name: "alerts-evaluate",
    schedule: { everySeconds: env().BURNRATE_EVAL_INTERVAL_SECONDS },
    handler: async () => {
      await runAlertEvaluation(systemContext(await getDb(), "alerts-evaluate"), new Date(), [weeklyDigestStep]);
    },
  });
  // Provider usage and cost sync; the run slot in provider_sync_runs also keeps it apart from cron and Sync now runs.
  registerJob({
    name: "provider-sync",
    schedule: { everySeconds: env().BURNRATE_SYNC_INTERVAL_MINUTES * 60 },
    handler: async () => {
      const db = await getDb();
      const { configs, problems } = await resolveConnections(systemContext(db, "provider-sync"));
      if (configs.length + problems.length === 0) return;
      await runProviderSync(db, { trigger: "schedule" });
    },
  });
}
