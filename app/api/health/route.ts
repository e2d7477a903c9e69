import { checkHealth } from "@/lib/health";
import { json, retryAfter } from "@/lib/http/respond";
import { jobsState, replicaState } from "@/lib/start";

export const dynamic = "force-dynamic";

/**
 * DESIGN §3.1, plus `jobs`: "ok", "starting", "failed" (the log says why) or "off" (BURNRATE_JOBS=off), and `replica`:
 * "off" (no DATABASE_READ_URL), "ok", or "fallen_back" (dashboards read from the primary until the replica answers
 * again; still 200, nothing is lost). Absent while the database is unavailable.
 */
export async function GET() {
  const ok = await checkHealth();
  const jobs = jobsState();
  const replica = ok ? await replicaState() : null;
  return json(
    { status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unavailable", jobs, ...(replica ? { replica } : {}) },
    ok ? 200 : 503,
    ok ? undefined : retryAfter(),
  );
}
