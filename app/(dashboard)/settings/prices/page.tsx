import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { ListTable, NumCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { can } from "@/lib/auth/permissions";
import { utcToday } from "@/lib/dates/calendar";
import { formatCount, formatDate, formatDateTime, formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { CATALOG_DATE, CATALOG_VERSION, type CatalogModel, listCatalog } from "@/lib/prices/catalog-list";
import { listPriceOverrides } from "@/lib/prices/manage-prices";
import { firstUnpricedDay, listRepriceJobs, type RepriceJobView } from "@/lib/prices/reprice";
import { cardMatches } from "@/lib/pricing/override-price";
import { listSpend } from "@/lib/spend/list-spend";
import { deletePriceAction } from "./actions";
import { PriceForm, type PriceFormValues } from "./price-form";
import { RepricePanel } from "./reprice-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Prices" };

const CATALOG_SHOWN = 100;
const UNPRICED_DAYS = 90;
const per = (v: number | string | null) => (v === null ? "—" : `$${Number(v).toLocaleString("en-US", { maximumFractionDigits: 6 })}`);
const text = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 200) : "");

function addLink(values: Partial<PriceFormValues>): string {
  const q = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
  return `/settings/prices?${q}#price-form-heading`;
}

export default async function PricesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireUser("prices:read");
  const params = await searchParams;
  const q = text(params.q).trim().toLowerCase();
  const today = utcToday();
  const since = new Date(Date.parse(today) - (UNPRICED_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const [overrides, unpriced, jobs, unpricedFrom] = await Promise.all([
    listPriceOverrides(ctx),
    listSpend(ctx, { from: since, to: today, groupBy: ["provider", "model"], interval: "none", filters: { cost_source: ["unpriced"] } }),
    listRepriceJobs(ctx),
    // A price added for an unpriced model starts at its first unpriced event, so a reprice covers them all.
    text(params.model) && !text(params.effective_from) ? firstUnpricedDay(ctx, text(params.provider), text(params.model)) : null,
  ]);
  // A card already covers the model: its stored events wait for a reprice, not for another price.
  const priceOf = (provider: string, model: string) => overrides.find((o) => cardMatches(o.provider, o.model, provider, model));
  const active = jobs.find((j) => j.state === "queued" || j.state === "running") ?? null;
  const catalog = listCatalog(q ? { model: q } : {});
  const manage = can(ctx.actor, "prices:manage");
  const initial: PriceFormValues = {
    provider: text(params.provider),
    model: text(params.model),
    effective_from: text(params.effective_from) || unpricedFrom || today,
    input_per_mtok: text(params.input_per_mtok),
    output_per_mtok: text(params.output_per_mtok),
    cache_read_per_mtok: text(params.cache_read_per_mtok),
    cache_write_per_mtok: text(params.cache_write_per_mtok),
    as_model: text(params.as_model),
    multiplier: text(params.multiplier),
    note: "",
  };
  const override = (m: CatalogModel) =>
    addLink({
      provider: m.provider,
      model: m.model,
      effective_from: today,
      input_per_mtok: m.input_per_mtok?.toString(),
      output_per_mtok: m.output_per_mtok?.toString(),
      cache_read_per_mtok: m.cache_read_per_mtok?.toString(),
      cache_write_per_mtok: m.cache_write_per_mtok?.toString(),
    });

  return (
    <div className="space-y-6">
      <Panel
        headingId="unpriced-heading"
        title="Unpriced models"
        description={`Models events named in the last ${UNPRICED_DAYS} days that no catalog price or override knows: counted, cost 0. Add a price for each; events from then on are priced.`}
      >
        {unpriced.rows.length === 0 ? (
          <PanelEmpty compact>Every event of the last {UNPRICED_DAYS} days has a price.</PanelEmpty>
        ) : (
          <ListTable columns={["Provider", "Model", { label: "Events", right: true }, { label: "Add a price", hidden: true }]}>
            {unpriced.rows.map((r) => (
              <tr key={`${r.provider}/${r.model}`}>
                <td className="px-5 py-2 font-mono text-xs">{String(r.provider)}</td>
                <td className="min-w-36 px-5 py-2 font-mono text-xs [overflow-wrap:anywhere]">{String(r.model)}</td>
                <NumCell>{formatCount(r.requests)}</NumCell>
                <td className="px-5 py-2 text-right">
                  {priceOf(String(r.provider), String(r.model)) ? (
                    <a href="#reprice-heading" className="text-xs whitespace-nowrap text-orange-700 hover:underline">
                      Priced from {priceOf(String(r.provider), String(r.model))?.effective_from}: reprice below
                    </a>
                  ) : manage ? (
                    <Link
                      href={addLink({ provider: String(r.provider), model: String(r.model) })}
                      className="rounded-md border border-slate-300 px-2 py-1 text-xs whitespace-nowrap hover:bg-slate-50"
                      aria-label={`Add a price for ${r.provider}/${r.model}`}
                    >
                      Add a price
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>

      {manage ? <PriceForm key={JSON.stringify(initial)} initial={initial} /> : null}

      <Panel
        headingId="overrides-heading"
        title="Your prices"
        description="USD per million tokens. They win over the catalog from their date on. Events already stored keep the cost they were priced with until they are repriced."
      >
        {overrides.length === 0 ? (
          <PanelEmpty compact>No prices of your own yet: every event is priced from the catalog below.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Provider",
              "Model",
              "From",
              { label: "Input", right: true },
              { label: "Output", right: true },
              { label: "Cache read / write", right: true },
              "Note",
              { label: "Actions", hidden: true },
            ]}
          >
            {overrides.map((o) => (
              <tr key={o.id}>
                <td className="px-5 py-2 font-mono text-xs">{o.provider}</td>
                <td className="min-w-52 px-5 py-2 font-mono text-xs [overflow-wrap:anywhere]">
                  {o.model}
                  {o.pattern ? <span className="ml-1 font-sans text-slate-500">(pattern)</span> : null}
                </td>
                <td className="px-5 py-2 whitespace-nowrap">{o.effective_from}</td>
                {o.multiplier !== null ? (
                  <td colSpan={3} className="px-5 py-2 text-right text-sm">
                    the catalog price of {o.as_model ? <span className="font-mono text-xs">{o.as_model}</span> : "each event's model"} ×{" "}
                    {Number(o.multiplier).toLocaleString("en-US", { maximumFractionDigits: 6 })}
                  </td>
                ) : (
                  <>
                    <NumCell>{per(o.input_per_mtok)}</NumCell>
                    <NumCell>{per(o.output_per_mtok)}</NumCell>
                    <NumCell>
                      {o.cache_read_per_mtok === null ? "as input" : per(o.cache_read_per_mtok)} /{" "}
                      {o.cache_write_per_mtok === null ? "as input" : per(o.cache_write_per_mtok)}
                    </NumCell>
                  </>
                )}
                <td className="min-w-40 px-5 py-2 text-xs text-slate-600">
                  {o.note}
                  <div className="text-slate-400">
                    {o.created_by ?? "—"} · {formatDateTime(new Date(o.created_at))}
                  </div>
                </td>
                <td className="px-5 py-2 text-right">
                  {manage ? (
                    <ConfirmActionButton
                      action={deletePriceAction}
                      id={o.id}
                      label="Delete"
                      ariaLabel={`Delete the price of ${o.provider}/${o.model} from ${o.effective_from}`}
                      confirm={`Delete the price of ${o.provider}/${o.model} from ${o.effective_from}? Events ingested from now on are priced without it.`}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>

      <Panel
        headingId="reprice-heading"
        title="Reprice stored events"
        description="A price added or deleted changes events ingested from then on. Repricing applies today's prices to the events already stored, each at its own timestamp: the ones still unpriced, and those of the models your prices cover. Preview first; nothing changes until you apply."
      >
        {manage ? <RepricePanel key={jobs[0]?.id ?? "none"} active={active} /> : null}
        {jobs.length === 0 ? (
          <PanelEmpty compact>No reprice has run yet.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Started",
              "By",
              "State",
              { label: "Events changed", right: true },
              { label: "Cost before", right: true },
              { label: "Cost after", right: true },
            ]}
          >
            {jobs.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
          </ListTable>
        )}
      </Panel>

      <Panel
        headingId="catalog-heading"
        title="Catalog"
        description={
          <>
            Built-in prices today, USD per million tokens, from {CATALOG_VERSION}
            {CATALOG_DATE ? `, released ${formatDate(CATALOG_DATE)}: a price that changed after that date is not in it yet` : ""} (pinned in
            package.json: upgrading the package and restarting updates them; each event keeps the price of its own date). Prices change by
            date and above long-context thresholds; events are priced at their own timestamp and size.
          </>
        }
      >
        <form className="flex flex-wrap items-end gap-2 border-b border-slate-200 px-5 py-3" aria-label="Search the catalog">
          <label className="text-sm">
            <span className="block text-xs font-medium text-slate-600">Search models</span>
            <input
              name="q"
              defaultValue={q}
              placeholder="gpt-4.1, claude-sonnet, gemini…"
              className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
            />
          </label>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            Search
          </button>
          <span className="ml-auto text-xs text-slate-500">
            {formatCount(catalog.length)} model{catalog.length === 1 ? "" : "s"}
            {catalog.length > CATALOG_SHOWN ? `; the first ${CATALOG_SHOWN} shown` : ""}
          </span>
        </form>
        {catalog.length === 0 ? (
          <PanelEmpty compact>No catalog model matches “{q}”. Add a price of your own above.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Provider",
              "Model",
              { label: "Input", right: true },
              { label: "Output", right: true },
              { label: "Cache read / write", right: true },
              "Long context",
              { label: "Override", hidden: true },
            ]}
          >
            {catalog.slice(0, CATALOG_SHOWN).map((m) => (
              <tr key={`${m.provider}/${m.model}`} className={m.deprecated ? "text-slate-400" : undefined}>
                <td className="px-5 py-2 font-mono text-xs">{m.provider}</td>
                <td className="min-w-52 px-5 py-2 font-mono text-xs [overflow-wrap:anywhere]">
                  {m.model}
                  {m.dated ? <span className="ml-1 font-sans text-slate-500">(dated)</span> : null}
                  {m.deprecated ? <span className="ml-1 font-sans">(deprecated)</span> : null}
                </td>
                <NumCell>{per(m.input_per_mtok)}</NumCell>
                <NumCell>{per(m.output_per_mtok)}</NumCell>
                <NumCell>
                  {per(m.cache_read_per_mtok)} / {per(m.cache_write_per_mtok)}
                </NumCell>
                <td className="px-5 py-2 text-xs whitespace-nowrap text-slate-600">
                  {m.tiers.map((t) => (
                    <div key={t.from_tokens}>
                      above {t.from_tokens.toLocaleString("en-US")} tokens: {per(t.input_per_mtok)} / {per(t.output_per_mtok)}
                    </div>
                  ))}
                </td>
                <td className="px-5 py-2 text-right">
                  {manage ? (
                    <Link
                      href={override(m)}
                      className="text-xs text-orange-700 hover:underline"
                      aria-label={`Override ${m.provider}/${m.model}`}
                    >
                      Override
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
    </div>
  );
}

function JobRow({ job }: { job: RepriceJobView }) {
  return (
    <tr>
      <td className="px-5 py-2 whitespace-nowrap">{formatDateTime(new Date(job.created_at))}</td>
      <td className="px-5 py-2 text-xs text-slate-600">{job.requested_by}</td>
      <td className="px-5 py-2">
        <span className={job.state === "failed" ? "font-medium text-red-700" : undefined}>{job.state}</span>
        {job.state === "queued" || job.state === "running" ? (
          <span className="ml-1 text-xs text-slate-500 tabular-nums">
            {job.events_done.toLocaleString("en-US")} of {job.events_total.toLocaleString("en-US")}
          </span>
        ) : null}
        {job.error ? <div className="text-xs text-red-700">{job.error}</div> : null}
      </td>
      <NumCell>{formatCount(job.events_changed)}</NumCell>
      <NumCell>{formatUsd(job.cost_before_usd)}</NumCell>
      <NumCell>{formatUsd(job.cost_after_usd)}</NumCell>
    </tr>
  );
}
