import Big from "big.js";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty, PanelHeader } from "@/components/ui/panel";
import { MonthPicker } from "@/components/ui/period-picker";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { addMonths, monthOf } from "@/lib/dates/months";
import { formatCount, formatMonth, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { readContext } from "@/lib/http/read-context";
import { usdString } from "@/lib/money";
import { provisionalDays } from "@/lib/surfaces/provisional";
import { getSurfaces, type Surfaces } from "@/lib/surfaces/queries";
import { RULES } from "@/lib/surfaces/rules";
import { readSurfacesView } from "./search-params";
import { SurfaceTable } from "./surface-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Surfaces" };

const sum = (values: string[]) => usdString(values.reduce((s, v) => s.plus(v), new Big(0)));
const times = (u: number | null) => (u === null ? "—" : `${u.toFixed(u >= 10 ? 0 : 1)}×`);

export default async function SurfacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const parsed = readSurfacesView(await searchParams, monthOf(new Date()));
  if (!parsed.ok) {
    return <InvalidView title="Surfaces" details={parsed.details} reset={{ href: "/surfaces", label: "Show this month" }} />;
  }
  const { month } = parsed.view;
  const s = await getSurfaces(ctx, month);
  const fees = sum(s.plans.map((p) => p.feeSoFarUsd));
  const value = sum(s.plans.map((p) => p.valueUsd));
  const toMove = s.rows.filter((r) => r.verdict !== "keep");
  const canEditPlans = can(ctx.actor, "plans:manage");
  const daysSoFar = provisionalDays(month, s.through, monthOf(new Date()));

  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Surfaces</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">
            Paid plans are a fixed cost for people&apos;s interactive work; the metered API bills every call and suits software. Each
            workload is classified from its own timing and users, and flagged when it sits on the wrong one.
          </p>
        </div>
        <MonthPicker value={month} count={13} />
      </header>

      {daysSoFar !== null ? (
        <Alert tone="info">
          <strong>Provisional:</strong> {formatMonth(month)} has {daysSoFar} day{daysSoFar === 1 ? "" : "s"} of data so far, too few to
          judge a workload&apos;s timing and users; verdicts firm up as the month fills.{" "}
          <Link href={`/surfaces?month=${addMonths(month, -1)}`} className="font-medium underline">
            See {formatMonth(addMonths(month, -1))}
          </Link>
          , the last full month.
        </Alert>
      ) : null}

      <section aria-label="This month's plans" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Plan fees" value={formatUsd(fees)} hint={`Prorated by day, through ${s.through}`} />
        <StatCard label="Plan usage value" value={formatUsd(value)} hint="What the plans' calls would cost on the metered API" />
        <StatCard
          label="Utilisation"
          value={new Big(fees).gt(0) ? times(new Big(value).div(fees).toNumber()) : "—"}
          hint="Usage value ÷ fees: above 1× the plans pay off"
        />
        <StatCard
          label="Workloads to move"
          value={formatCount(toMove.length)}
          hint={`${s.rows.filter((r) => r.verdict === "move_to_api").length} to the API, ${s.rows.filter((r) => r.verdict === "move_to_plan").length} to a plan`}
        />
      </section>

      {s.unknownPlans.length > 0 ? (
        <Alert tone="info">
          Events name {s.unknownPlans.length === 1 ? "a plan" : "plans"} that Settings → Plans does not know, so no fee is counted for them:{" "}
          {s.unknownPlans.map((u) => `${u.plan} (${formatCount(u.requests)} requests, ${formatUsd(u.valueUsd)} at API prices)`).join("; ")}.{" "}
          {canEditPlans ? (
            <Link href="/settings/plans" className="font-medium underline">
              Add them
            </Link>
          ) : (
            "Ask an admin or finance to add them."
          )}
        </Alert>
      ) : null}

      <Panel
        headingId="workloads-heading"
        title="Workloads"
        description="Each project (repo, else feature) × tool and model on one surface, this month: the 200 worth most at API prices."
      >
        {s.rows.length === 0 ? <PanelEmpty>No usage in {formatMonth(month)} yet.</PanelEmpty> : <SurfaceTable rows={s.rows} />}
      </Panel>

      <PlansSection s={s} canEditPlans={canEditPlans} />

      {s.heavyApiUsers.length > 0 ? (
        <Panel
          headingId="heavy-heading"
          title="People who would be cheaper on a plan"
          description="Their metered API spend this month is above a seat of a plan of the same vendor."
        >
          <ListTable
            columns={["Person", "Vendor", { label: "API spend", right: true }, "Cheaper on", { label: "Seat, same days", right: true }]}
          >
            {s.heavyApiUsers.map((u) => (
              <tr key={`${u.user}-${u.provider}`}>
                <td className="px-5 py-3 font-medium">{u.user}</td>
                <td className="px-5 py-3 font-mono text-xs">{u.provider}</td>
                <UsdCell value={u.costUsd} py="3" />
                <td className="px-5 py-3">{u.plan}</td>
                <UsdCell value={u.seatFeeSoFarUsd} py="3" />
              </tr>
            ))}
          </ListTable>
        </Panel>
      ) : null}

      <RulesSection />
    </div>
  );
}

function PlansSection({ s, canEditPlans }: { s: Surfaces; canEditPlans: boolean }) {
  return (
    <section aria-labelledby="plans-heading" className="space-y-3">
      <div className="flex items-end justify-between">
        <h2 id="plans-heading" className="text-lg font-semibold">
          Plans
        </h2>
        {canEditPlans ? (
          <Link href="/settings/plans" className="text-sm text-orange-700 hover:underline">
            Manage plans →
          </Link>
        ) : null}
      </div>
      {s.plans.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-500">
          No paid plan ran in this month.{" "}
          {canEditPlans ? "Add your subscriptions in Settings → Plans to weigh them against their usage." : ""}
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {s.plans.map((p) => {
            const underused = p.seatUsage.filter((u) => u.underused).length;
            return (
              <Panel as="article" key={p.name} aria-label={p.name}>
                <PanelHeader as="header" className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <h3 className="font-semibold">{p.name}</h3>
                    <p className="text-xs text-slate-500">
                      {p.tool ? `${p.tool} · ` : ""}
                      {p.vendor} · {p.seats} seats × {formatUsd(p.feePerSeatUsd)} = {formatUsd(p.monthFeeUsd)} this month
                    </p>
                  </div>
                  <Badge tone={p.utilisation === null ? "neutral" : p.utilisation >= 1 ? "good" : "warn"}>
                    {times(p.utilisation)} utilised
                  </Badge>
                </PanelHeader>
                <dl className="grid grid-cols-2 gap-4 px-5 py-4 text-sm sm:grid-cols-3 xl:grid-cols-6">
                  <Figure label={`Fee through ${s.through.slice(5)}`} value={formatUsd(p.feeSoFarUsd)} />
                  <Figure label="Allocated to usage (effective)" value={formatUsd(p.allocatedUsd)} />
                  <Figure label="Unused (no one's usage)" value={formatUsd(p.unusedUsd)} />
                  <Figure label="Usage value (API prices)" value={formatUsd(p.valueUsd)} />
                  <Figure label="Seats used" value={`${p.seatsUsed} of ${p.seats}`} />
                  <Figure
                    label="Requests"
                    value={
                      p.includedRequests === null
                        ? formatCount(p.requests)
                        : `${formatCount(p.requests)} of ${formatCount(p.includedRequests)}`
                    }
                  />
                </dl>
                {p.seatUsage.length > 0 ? (
                  <ListTable
                    columns={[
                      "Seat",
                      { label: "Requests", right: true },
                      { label: "Value", right: true },
                      `Against a ${formatUsd(p.seatFeeSoFarUsd)} seat`,
                    ]}
                  >
                    {p.seatUsage.map((u) => (
                      <tr key={u.user ?? "(no user)"}>
                        <td className="px-5 py-2">{u.user ?? <span className="text-slate-500 italic">no user named</span>}</td>
                        <NumCell>{formatCount(u.requests)}</NumCell>
                        <UsdCell value={u.valueUsd} />
                        <td className="px-5 py-2">
                          {u.user === null ? (
                            "—"
                          ) : u.underused ? (
                            <Badge tone="warn">seat costs more</Badge>
                          ) : (
                            <Badge tone="good">pays off</Badge>
                          )}
                        </td>
                      </tr>
                    ))}
                  </ListTable>
                ) : null}
                <p className="px-5 py-3 text-xs text-slate-500">
                  {p.seats - p.seatsUsed > 0 ? `${p.seats - p.seatsUsed} seat${p.seats - p.seatsUsed === 1 ? "" : "s"} unused. ` : ""}
                  {underused > 0 ? `${underused} used seat${underused === 1 ? "" : "s"} worth less on the API than the seat's fee.` : ""}
                </p>
              </Panel>
            );
          })}
        </div>
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

/** The rules, printed from the thresholds the classifier uses. */
function RulesSection() {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const { start, end } = RULES.workingHours;
  return (
    <Panel headingId="rules-heading" title="How workloads are classified" padded className="text-sm">
      <p className="mt-1 text-slate-500">
        A verdict needs at least {RULES.minSignals} signals of one kind and more than of the other; otherwise the workload is mixed and
        kept. Working hours are Monday–Friday {start}:00–{end}:00 UTC. Bursts are calls less than {RULES.burstGapSeconds / 60} minutes
        apart.
      </p>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div>
          <h3 className="font-medium">Automated or bulk (software-shaped)</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-600">
            <li>a product feature: at least {pct(RULES.customerShare)} of calls carry a customer — decisive, whatever the timing says</li>
            <li>at least {pct(RULES.offHoursShare)} of calls outside working hours (nights, weekends)</li>
            <li>
              at least {RULES.minBursts} runs starting at regular intervals (variation under {pct(RULES.regularIntervalCv)})
            </li>
            <li>
              no human think-time: under {pct(RULES.noPauseShare)} of an actor&apos;s gaps are pauses of {RULES.humanPauseSeconds.min} s–
              {RULES.humanPauseSeconds.max / 60} min (over {RULES.minGaps}+ gaps)
            </li>
            <li>machine-regular pace: an actor&apos;s gaps between calls vary by less than {pct(RULES.regularPaceCv)}</li>
            <li>no user named, or only service accounts (bot, ci, service, pipeline, cron…)</li>
            <li>
              large uniform batches: {RULES.batchCalls}+ calls per run with input sizes within ±{pct(RULES.batchInputCv)}
            </li>
          </ul>
        </div>
        <div>
          <h3 className="font-medium">Interactive (people)</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-600">
            <li>at least {pct(1 - RULES.workingHoursShare)} of calls in working hours</li>
            <li>bursty: irregular working spells (variation of {pct(RULES.irregularIntervalCv)} or more)</li>
            <li>
              human think-time: {pct(RULES.pauseShare)}+ of an actor&apos;s gaps are pauses of {RULES.humanPauseSeconds.min} s–
              {RULES.humanPauseSeconds.max / 60} min, at an irregular pace
            </li>
            <li>one to five named people</li>
          </ul>
        </div>
      </div>
      <p className="mt-3 text-slate-500">
        Verdicts: automated or bulk work on a plan → <strong>move to API</strong>; interactive API use costing more per person than a seat
        of the vendor&apos;s cheapest plan (or a ${RULES.referenceSeatFeeUsd} reference seat when none is set up), prorated to the same days
        → <strong>move to a plan</strong>; everything else → <strong>keep</strong>.
      </p>
    </Panel>
  );
}
