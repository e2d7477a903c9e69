import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable } from "@/components/ui/list-table";
import { requireUser } from "@/lib/auth/guard";
import { utcToday } from "@/lib/dates/calendar";
import { formatCount, formatUsd } from "@/lib/format";
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
});

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const [plans, { edit }] = await Promise.all([listPlans(await requireUser("plans:manage")), searchParams]);
  const editing = plans.find((p) => p.id === edit);
  const today = utcToday();
  return (
    <div className="space-y-6">
      <PlanForm key={editing?.id ?? "new"} plan={editing ? formValues(editing) : undefined} today={today} />
      <section aria-labelledby="plans-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="border-b border-slate-200 px-5 py-4">
          <h2 id="plans-heading" className="font-semibold">
            Paid plans
          </h2>
          <p className="mt-1 text-sm text-slate-500">
            What the organisation pays is metered API cost plus these fees.{" "}
            <Link href="/surfaces" className="text-orange-700 underline-offset-2 hover:underline">
              Surfaces
            </Link>{" "}
            shows what each plan&apos;s usage is worth on the API and which seats pay off.
          </p>
        </div>
        {plans.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500">
            No plans yet. Add your ChatGPT, Claude or IDE-assistant subscriptions above so their fees count.
          </p>
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
                  </td>
                  <td className="px-5 py-3 font-mono text-xs">{p.vendor}</td>
                  <td className="px-5 py-3 text-right tabular-nums">{formatCount(p.seats)}</td>
                  <td className="px-5 py-3 text-right tabular-nums">{formatUsd(p.feePerSeatUsd)}</td>
                  <td className="px-5 py-3 text-right font-medium tabular-nums">{formatUsd(p.monthlyFeeUsd)}</td>
                  <td className="px-5 py-3 whitespace-nowrap">
                    {p.startDate} – {p.endDate ?? "ongoing"}
                    {ended ? <span className="ml-1 text-xs">(ended)</span> : null}
                  </td>
                  <td className="px-5 py-3 text-right tabular-nums">
                    {p.includedRequestsPerSeat === null ? "—" : `${formatCount(p.includedRequestsPerSeat)} requests`}
                  </td>
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
      </section>
    </div>
  );
}
