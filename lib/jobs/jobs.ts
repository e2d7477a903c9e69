import "server-only";
import { runAlertEvaluation } from "@/lib/alerts/evaluate";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { registerJob } from "./runner";

/** Every background job of the app, registered once at start (instrumentation → lib/start.ts). */
export function registerAppJobs(): void {
  registerJob({
    name: "alerts-evaluate",
    schedule: { everySeconds: env().BURNRATE_EVAL_INTERVAL_SECONDS },
    handler: async () => {
      await runAlertEvaluation(await getDb());
    },
  });
}
