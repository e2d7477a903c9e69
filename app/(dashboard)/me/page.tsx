import type { Metadata } from "next";
import Link from "next/link";
import { MeasureHint } from "@/components/measure-hint";
import { MeasureSwitch, measureNote } from "@/components/measure-switch";
import { InvalidView } from "@/components/ui/invalid-view";
import { ListTable, NumCell, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { periodStart, utcToday } from "@/lib/dates/calendar";
import { monthStartOf } from "@/lib/dates/months";
import { MEASURE_FIELD, MEASURE_LABELS, type Measure, readMeasure } from "@/lib/effective/measures";
import { formatCount, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { type PageSearchParams, parsePageQuery, toUrlSearchParams } from "@/lib/http/parse-search-params";
import { readContext } from "@/lib/http/read-context";
import { listPersonPullRequests } from "@/lib/people/person-spend";
import { personOfEmail } from "@/lib/people/queries";
import { listSpend, type SpendRow } from "@/lib/spend/list-spend";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My spend" };

const unusedLabel = (r: SpendRow) => (r.unused_plan_fee ? "unused plan seat" : null);
const BREAKDOWNS = [
  { dim: "agent", title: "By tool", label: (r: SpendRow) => unusedLabel(r) ?? String(r.agent ?? `${r.provider} (API)`) },
  { dim: "model", title: "By model", label: (r: SpendRow) => unusedLabel(r) ?? String(r.model) },
  { dim: "repo", title: "By repository", label: (r: SpendRow) => unusedLabel(r) ?? (r.repo === null ? "no repository" : String(r.repo)) },
] as const;

const ME_MEASURE: Measure = "effective";

/**
 * The signed-in member's own spend: their person is found by their sign-in email (primary email or an email alias),
 * never by a parameter, so a member sees only their own.
 */
export default async function MySpendPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const ctx = await readContext(await requireUser("dashboards:read"));
  const query = await searchParams;
  const parsedMeasure = parsePageQuery(() => readMeasure(query.measure, ME_MEASURE));
  if (!parsedMeasure.ok) return <InvalidView title="My spend" details={parsedMeasure.details} reset={{ href: "/me", label: "My spend" }} />;
  const measure = parsedMeasure.view;
  const field = MEASURE_FIELD[measure];
  const label = MEASURE_LABELS[measure];
  const person = await personOfEmail(ctx, ctx.actor.email);
  if (!person) {
    return (
      <div className="mx-auto max-w-3xl space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight">My spend</h1>
        <Panel headingId="me-missing" title="You are not in the people directory yet" padded>
          <p className="mt-2 text-sm text-slate-600">
            Your spend shows here once an admin adds you in Settings → People with the email you sign in with,{" "}
            <span className="font-mono">{ctx.actor.email}</span>, and links the identities your tools report (GitHub login, API keys, Cursor
            or Copilot identity).
          </p>
        </Panel>
      </div>
    );
  }
  const today = utcToday();
  const week = { from: periodStart(today, "week"), to: today };
  const month = { from: monthStartOf(today), to: today };
  const mine = { person: [person.id] };
  const spend = (range: { from: string; to: string }, groupBy: ("agent" | "provider" | "model" | "repo")[]) =>
    listSpend(ctx, { ...range, groupBy, interval: "none", filters: mine, limit: 50 }, { orderBy: measure });
  const [weekTotals, monthTotals, byTool, byModel, byRepo, prs] = await Promise.all([
    spend(week, []),
    spend(month, []),
    spend(month, ["agent", "provider"]),
    spend(month, ["model"]),
    spend(month, ["repo"]),
    listPersonPullRequests(ctx, person.id, month),
  ]);
  const tables = [byTool, byModel, byRepo];
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">My spend</h1>
          <p className="mt-1 text-sm text-slate-500">
            {person.name} · {person.email}
            {person.team ? ` · ${person.team}` : ""} — every tool that reports an identity of yours, this week and this month (UTC) ·{" "}
            {measureNote(measure)}.
          </p>
        </div>
        <MeasureSwitch path="/me" params={toUrlSearchParams(query)} measure={measure} fallback={ME_MEASURE} />
      </header>
      <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Totals">
        <StatCard
          label={`This week, ${label.long.toLowerCase()}`}
          value={formatUsd(weekTotals.totals[field])}
          hint={<MeasureHint measure={measure} totals={weekTotals.totals} />}
        />
        <StatCard label="Requests this week" value={formatCount(weekTotals.totals.requests)} hint="Every tool, one person" />
        <StatCard
          label={`This month, ${label.long.toLowerCase()}`}
          value={formatUsd(monthTotals.totals[field])}
          hint={<MeasureHint measure={measure} totals={monthTotals.totals} />}
        />
        <StatCard label="Requests this month" value={formatCount(monthTotals.totals.requests)} hint="Every tool, one person" />
      </section>
      <div className="grid gap-6 lg:grid-cols-3">
        {BREAKDOWNS.map((b, i) => (
          <Panel key={b.dim} headingId={`me-${b.dim}`} title={`${b.title}, this month`}>
            {(tables[i]?.rows.length ?? 0) === 0 ? (
              <PanelEmpty>No spend this month.</PanelEmpty>
            ) : (
              <ListTable
                columns={[
                  b.title.replace("By ", "").replace(/^./, (c) => c.toUpperCase()),
                  { label: label.long, right: true },
                  { label: measure === "cost" ? "List cost" : "Metered", right: true },
                ]}
              >
                {tables[i]?.rows.map((r) => (
                  <tr key={`${b.label(r)}/${r.unused_plan_fee === true}`}>
                    <td className="px-5 py-2 font-mono text-xs break-all">{b.label(r)}</td>
                    <UsdCell value={r[field]} />
                    <UsdCell value={measure === "cost" ? r.list_cost_usd : r.cost_usd} />
                  </tr>
                ))}
              </ListTable>
            )}
          </Panel>
        ))}
      </div>
      <Panel
        headingId="me-prs"
        title="My pull requests, this month"
        description="Pull requests you authored (your GitHub login), open or ended this month, with what their events cost."
      >
        {prs.length === 0 ? (
          <PanelEmpty>No pull requests of yours this month (or your GitHub login is not linked yet).</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Pull request",
              "State",
              { label: "Requests", right: true },
              { label: "Effective cost", right: true },
              { label: "Metered", right: true },
            ]}
          >
            {prs.map((p) => (
              <tr key={`${p.repo}#${p.number}`}>
                <td className="px-5 py-2">
                  <Link href={`/pull-requests/${p.repo}/${p.number}`} className="text-orange-700 underline-offset-2 hover:underline">
                    {p.repo}#{p.number}
                  </Link>{" "}
                  <span className="text-sm text-slate-600">{p.title}</span>
                </td>
                <td className="px-5 py-2 text-sm">{p.state}</td>
                <NumCell>{formatCount(p.requests)}</NumCell>
                <UsdCell value={p.effective_cost_usd} />
                <UsdCell value={p.cost_usd} />
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}
