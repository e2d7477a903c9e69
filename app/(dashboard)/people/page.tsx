import Big from "big.js";
import type { Metadata } from "next";
import Link from "next/link";
import { InvalidView } from "@/components/ui/invalid-view";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { MonthPicker } from "@/components/ui/period-picker";
import { StatCard } from "@/components/ui/stat-card";
import { can } from "@/lib/auth/permissions";
import { monthOf, monthRange } from "@/lib/dates/months";
import { formatCount, formatMonth, formatPercent, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { getPeopleSpend } from "@/lib/people/person-spend";
import { PeopleTable } from "./people-table";
import { readPeopleView } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireUser("dashboards:read");
  const parsed = readPeopleView(await searchParams, monthOf(new Date()));
  if (!parsed.ok) return <InvalidView title="People" details={parsed.details} reset={{ href: "/people", label: "Show this month" }} />;
  const { month } = parsed.view;
  const { firstDay, lastDay } = monthRange(month);
  const rows = await getPeopleSpend(ctx, { from: firstDay, to: lastDay });
  const total = rows.reduce((s, r) => s.plus(r.cost_usd), new Big(0)).toFixed(10);
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
        <MonthPicker value={month} count={13} />
      </header>
      <section className="grid gap-4 sm:grid-cols-3" aria-label="Summary">
        <StatCard
          label={`Spend, ${formatMonth(month)}`}
          value={formatUsd(total)}
          hint={`${formatCount(spending)} of ${formatCount(people.length)} people spent`}
        />
        <StatCard
          label="Attributed to a person"
          value={formatUsd(new Big(total).minus(unattributed?.cost_usd ?? "0").toFixed(10))}
          hint={`${formatPercent(new Big(total).minus(unattributed?.cost_usd ?? "0").toFixed(10), total)} of the month`}
        />
        <StatCard
          label="No person"
          value={formatUsd(unattributed?.cost_usd ?? "0")}
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
        description="Cost is what the organisation pays per call; list cost what the same calls cost at API prices (plan usage included). The provider bill of their linked keys is shown beside, not added: those calls may also arrive as events."
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
          <PeopleTable rows={rows} />
        )}
      </Panel>
    </div>
  );
}
