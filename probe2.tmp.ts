import { openDb } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { listWorkloadStats } from "@/lib/surfaces/workload-daily";
import { getPlanReport } from "@/lib/surfaces/plan-usage";
import { foldCrossMidnight, foldWorkloadDay } from "@/lib/surfaces/workload-daily";
import { foldReviewWeek } from "@/lib/review/list-items";
import { foldUnreadWrites } from "@/lib/review/economics";
const t = async <T>(label: string, f: () => Promise<T>) => { const s = performance.now(); const r = await f(); console.log(label, (performance.now() - s).toFixed(0), "ms"); return r; };
async function main() {
  const h = await openDb({ url: "postgres://app@127.0.0.1:5434/screens10m", poolMax: 4 });
  const ctx = systemContext(h.db);
  for (let i = 0; i < 2; i++) await t("workloads", () => listWorkloadStats(ctx, { firstDay: "2026-11-01", lastDay: "2026-11-30" }));
  for (let i = 0; i < 2; i++) await t("plan report", () => getPlanReport(ctx, { firstDay: "2026-11-01", lastDay: "2026-11-30", soFar: "2026-11-30" }));
  await t("fold day", () => h.db.transaction((tx) => foldWorkloadDay(tx, "2026-11-18")));
  await t("fold cross", () => h.db.transaction((tx) => foldCrossMidnight(tx, "2026-11-18")));
  await t("fold week review", () => h.db.transaction((tx) => foldReviewWeek(tx, "2026-W47")));
  await t("fold week unread", () => h.db.transaction((tx) => foldUnreadWrites(tx, "2026-W47")));
  await h.close();
}
main();
