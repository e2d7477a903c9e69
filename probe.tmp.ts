import { sql } from "drizzle-orm";
import { openDb } from "@/db";
import { foldAggregates } from "@/lib/aggregates/fold";
import { systemContext } from "@/lib/auth/actor";
import { getSurfaces } from "@/lib/surfaces/queries";
import { getReview } from "@/lib/review/queries";
import { listReviewCandidates } from "@/lib/review/list-items";
import { listWorkloadStatsRaw } from "@/lib/surfaces/workload-stats";
import { monthRange } from "@/lib/dates/months";
const t = async <T>(label: string, f: () => Promise<T>) => { const s = performance.now(); const r = await f(); console.log(label, (performance.now() - s).toFixed(0), "ms"); return r; };
async function main() {
  const h = await openDb({ url: "postgres://app@127.0.0.1:5434/screens10m", poolMax: 4 });
  const ctx = systemContext(h.db);
  if (process.argv[2] === "fold") {
    await h.db.execute(sql`insert into aggregate_marks select distinct day from event_rollup_daily_core`);
    await t("fold all", () => foldAggregates(h.db));
  }
  await t("surfaces stored", () => getSurfaces(ctx, "2026-11"));
  await t("surfaces stored", () => getSurfaces(ctx, "2026-11"));
  await t("review stored", () => getReview(ctx, "2026-W47"));
  await t("review stored", () => getReview(ctx, "2026-W47"));
  if (process.argv[3] === "raw") {
    await t("review raw", () => listReviewCandidates(ctx, "2026-W47", { raw: true }));
    await t("workloads raw", () => listWorkloadStatsRaw(ctx, monthRange("2026-11")));
  }
  await h.close();
}
main();
