import Big from "big.js";
import { Panel } from "@/components/ui/panel";
import { Segmented } from "@/components/ui/segmented";
import type { Ctx } from "@/lib/auth/actor";
import { formatPercent, formatUsd } from "@/lib/format";
import { listProviderStatus } from "@/lib/providers/queries";
import { getReconciliation } from "@/lib/providers/reconciliation";

/**
 * The Overview's source switch: the page shows attributed events; the provider bill (synced from the admin APIs) is one
 * click away, with this month's bill and its gap to the events. Hidden while no provider is connected and no bill synced.
 */
export async function ProviderBillStrip({ ctx, from, to }: { ctx: Ctx; from: string; to: string }) {
  const [{ totals }, providers] = await Promise.all([getReconciliation(ctx, { from, to }), listProviderStatus(ctx)]);
  if (totals.reported_cost_usd === "0.0000000000" && providers.every((p) => p.source === "none")) return null;
  return (
    <Panel aria-label="Provider bill" className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
      <p className="text-sm text-slate-600">
        Provider bill this month <span className="font-semibold text-slate-900">{formatUsd(totals.reported_cost_usd)}</span> · events
        attribute {formatUsd(totals.attributed_cost_usd)} · untagged{" "}
        {new Big(totals.gap_usd).gt(0) ? formatPercent(totals.gap_usd, totals.reported_cost_usd) : "0.0%"}
      </p>
      <Segmented
        label="Source"
        options={[
          { href: "/", label: "Attributed events", active: true },
          { href: "/reconciliation?source=bill&group_by=model", label: "Provider bill", active: false },
        ]}
      />
    </Panel>
  );
}
