import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { utcToday } from "@/lib/dates/calendar";
import { formatCount } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { listPlans, type Plan } from "@/lib/plans/queries";
import { deletePlanAction } from "./actions";
import { PlanForm, type PlanFormValues } from "./plan-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Plans" };

const formValues = (p: Plan): PlanFormValues => ({
  id: p.id,
  name: p.name,
  vendor: p.vendor,
  tool: p.tool ?? "",
  seats: String(p.seats),
  fee_per_seat_usd: p.feePerSeatUsd.replace(/\.?0+$/, ""),
  start_date: p.startDate,
  end_date: p.endDate ?? "",
  included_requests_per_seat: p.includedRequestsPerSeat === null ? "" : String(p.includedRequestsPerSeat),
  seat_holders: p.seatHolders.join(", "),
});

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const [plans, { edit }] = await Promise.all([listPlans(await requireUser("plans:manage")), searchParams]);
  const editing = plans.find((p) => p.id === edit);
  const today = utcToday();
  return (
    <div className="space-y-6">
      <PlanForm key={editing?.id ?? "new"} plan={editing ? formValues(editing) : undefined} today={today} />
      <Panel
        headingId="plans-heading"
        title="Paid plans"
        description={
          <>
            What the organisation pays is metered API cost plus these fees.{" "}
            <Link href="/surfaces" className="text-orange-700 underline-offset-2 hover:underline">
              Surfaces
            </Link>{" "}
            shows what each plan&apos;s usage is worth on the API and which seats pay off.
          </>
        }
      >
        {plans.length === 0 ? (
          <PanelEmpty>No plans yet. Add your ChatGPT, Claude or IDE-assistant subscriptions above so their fees count.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Plan",
              "Vendor",
              { label: "Seats", right: true },
              { label: "Per seat", right: true },
              { label: "Per month", right: true },
              "Runs",
              { label: "Included per seat", right: true },
              { label: "Actions", hidden: true, right: true },
            ]}
          >
            {plans.map((p) => {
              const ended = p.endDate !== null && p.endDate < today;
              return (
                <tr key={p.id} className={ended ? "text-slate-400" : undefined}>
                  <td className="min-w-44 px-5 py-3">
                    <div className="font-medium">{p.name}</div>
                    {p.tool ? <div className="text-xs text-slate-500">{p.tool}</div> : null}
                    {p.seatHolders.length > 0 ? (
                      <div className="text-xs text-slate-500">
                        Held by {p.seatHolders.length} of {p.seats}: {p.seatHolders.join(", ")}
                      </div>
                    ) : null}
                  </td>
                  <td className="px-5 py-3 font-mono text-xs">{p.vendor}</td>
                  <NumCell py="3">{formatCount(p.seats)}</NumCell>
                  <UsdCell value={p.feePerSeatUsd} py="3" />
                  <UsdCell value={p.monthlyFeeUsd} py="3" strong />
                  <td className="px-5 py-3 whitespace-nowrap">
                    {p.startDate} – {p.endDate ?? "ongoing"}
                    {ended ? <span className="ml-1 text-xs">(ended)</span> : null}
                  </td>
                  <NumCell py="3">
                    {p.includedRequestsPerSeat === null ? "—" : `${formatCount(p.includedRequestsPerSeat)} requests`}
                  </NumCell>
                  <td className="px-5 py-3 text-right whitespace-nowrap">
                    <Link
                      href={`/settings/plans?edit=${p.id}`}
                      aria-label={`Edit ${p.name}`}
                      className="mr-2 rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50"
                    >
                      Edit
                    </Link>
                    <ConfirmActionButton
                      action={deletePlanAction}
                      id={p.id}
                      label="Delete"
                      ariaLabel={`Delete ${p.name}`}
                      confirm={`Delete "${p.name}"? Its fee leaves every open month (closed months keep it). To stop paying from a date, set an end date instead.`}
                    />
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}
