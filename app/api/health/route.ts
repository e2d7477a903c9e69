import { checkHealth } from "@/lib/health";
import { json, retryAfter } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await checkHealth();
  return json({ status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unavailable" }, ok ? 200 : 503, ok ? undefined : retryAfter());
}
