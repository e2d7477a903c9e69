import { checkHealth } from "@/lib/health";
import { json, retryAfter } from "@/lib/http/respond";
import { jobsState } from "@/lib/start";

export const dynamic = "force-dynamic";

/** DESIGN §3.1, plus `jobs`: "ok", "starting", "failed" (the log says why) or "off" (BURNRATE_JOBS=off). */
export async function GET() {
  const ok = await checkHealth();
  const jobs = jobsState();
  return json(
    { status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unavailable", jobs },
    ok ? 200 : 503,
    ok ? undefined : retryAfter(),
  );
}
