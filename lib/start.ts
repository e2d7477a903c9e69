import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

export function startDatabase(): void {
  getDb().then(
    () => {
      console.log("[burnrate] database ready");
      startBackgroundJobs();
    },
    (err) => console.error("[burnrate] database not ready yet; requests will retry:", err instanceof Error ? err.message : err),
  );
}

/** The job runner (alert evaluation, and later provider sync and digests), unless BURNRATE_JOBS=off. */
function startBackgroundJobs(): void {
  const e = env();
  if (e.BURNRATE_JOBS === "off") return;
  void (async () => {
    const { registerAppJobs } = await import("@/lib/jobs/jobs");
    const { startJobs } = await import("@/lib/jobs/runner");
    registerAppJobs();
    await startJobs({ kind: e.DATABASE_URL ? "postgres" : "pglite", db: await getDb() }, e.DATABASE_URL);
    console.log(
      `[burnrate] jobs started (alerts every ${e.BURNRATE_EVAL_INTERVAL_SECONDS}s, provider sync every ${e.BURNRATE_SYNC_INTERVAL_MINUTES} min)`,
    );
  })().catch((err) => console.error("[burnrate] job runner did not start:", err instanceof Error ? err.message : err));
}
