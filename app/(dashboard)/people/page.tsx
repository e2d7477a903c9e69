import Big from "big.js";
import type { Metadata } from "next";
import Link from "next/link";
import { MeasureSwitch } from "@/components/measure-switch";
import { InvalidView } from "@/components/ui/invalid-view";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { MonthPicker } from "@/components/ui/period-picker";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { monthOf, monthRange } from "@/lib/dates/months";
import { MEASURE_FIELD, MEASURE_LABELS } from "@/lib/effective/measures";
import { formatCount, formatMonth, formatPercent, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import { getPeopleSpend } from "@/lib/people/person-spend";
import { PeopleTable } from "./people-table";
import { PEOPLE_MEASURE, readPeopleView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const query = await searchParams;
  const parsed = readPeopleView(query, monthOf(new Date()));
  if (!parsed.ok) return <InvalidView title="People" details={parsed.details} reset={{ href: "/people", label: "Show this month" }} />;
  const { month, measure } = parsed.view;
  const field = MEASURE_FIELD[measure];
  const { firstDay, lastDay } = monthRange(month);
  // The current month up to today: days still to come have no usage, and their plan fees are not spent yet.
  const today = utcToday();
  const rows = await getPeopleSpend(ctx, { from: firstDay, to: [lastDay, today].sort()[0] ?? today });
  const total = rows.reduce((s, r) => s.plus(r[field]), new Big(0)).toFixed(10);
  const unattributed = rows.find((r) => r.person === null);
  const people = rows.filter((r) => r.person !== null);
  const spending = people.filter((r) => r.requests > 0).length;
  const canManage = can(ctx.actor, "people:manage");
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">People</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-500">
            What each person spends across every tool — their email, GitHub login, API keys and each tool&apos;s own identity resolve to
            them. Click a row for their spend in the explorer.
          </p>
        </div>
        <div className="flex flex-col items-end gap-2">
          <MeasureSwitch path="/people" params={toUrlSearchParams(query)} measure={measure} fallback={PEOPLE_MEASURE} />
          <MonthPicker value={month} count={13} />
        </div>
      </header>
      <section className="grid gap-4 sm:grid-cols-3" aria-label="Summary">
        <StatCard
          label={`${MEASURE_LABELS[measure].long}, ${formatMonth(month)}`}
          value={formatUsd(total)}
          hint={`${formatCount(spending)} of ${formatCount(people.length)} people spent`}
        />
        <StatCard
          label="Attributed to a person"
          value={formatUsd(new Big(total).minus(unattributed?.[field] ?? "0").toFixed(10))}
          hint={`${formatPercent(new Big(total).minus(unattributed?.[field] ?? "0").toFixed(10), total)} of the month`}
        />
        <StatCard
          label="No person"
          value={formatUsd(unattributed?.[field] ?? "0")}
          hint={
            unattributed
              ? `${formatCount(unattributed.requests)} requests from identities no one is linked to`
              : "Every request has a person"
          }
          href={canManage && unattributed ? "/settings/people#unmapped-heading" : undefined}
          linkLabel="Link their identities"
        />
      </section>
      <Panel
        headingId="people-table-heading"
        title="Spend per person"
        description="Effective cost is metered cost plus the plan fees allocated to their usage (a named seat goes to its holder first; days their seat went unused are theirs too). Metered is what each call cost when made; list cost what the calls cost at API prices. The provider bill of their linked keys is shown beside, not added: those calls may also arrive as events."
      >
        {people.length === 0 ? (
          <PanelEmpty>
            No people yet.{" "}
            {canManage ? (
              <Link href="/settings/people" className="text-orange-700 underline-offset-2 hover:underline">
                Add people or import them
              </Link>
            ) : (
              "An admin adds them in Settings → People"
            )}
            : each person&apos;s email and aliases (GitHub login, API keys, Cursor and Copilot identities) bring their spend together.
          </PanelEmpty>
        ) : (
          <PeopleTable rows={rows} measure={measure} />
        )}
      </Panel>
    </div>
  );
}
