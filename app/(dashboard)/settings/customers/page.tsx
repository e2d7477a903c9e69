import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ListTable, UsdCell } from "@/components/ui/list-table";
import { Panel, PanelEmpty } from "@/components/ui/panel";
import { listCustomers } from "@/lib/customers/queries";
import { formatUsd } from "@/lib/format";
import { requireUser } from "@/lib/http/guard";
import { CustomerForm } from "./customer-form";
import { ImportForm } from "./import-form";
import { AddQuotaForm, DeleteCustomerButton, DeleteQuotaButton } from "./row-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers · Settings" };

const limitLabel = (metric: string, limit: string) =>
  metric === "cost_usd" ? `${formatUsd(limit)} / month` : `${Number(limit).toLocaleString("en-US")} ${metric} / month`;

export default async function CustomersSettingsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const [customers, { edit }] = await Promise.all([listCustomers(await requireUser("customers:manage")), searchParams]);
  const editing = customers.find((c) => c.id === edit);
  return (
    <div className="space-y-6">
      <CustomerForm
        key={editing?.id ?? "new"}
        customer={
          editing
            ? {
                id: editing.id,
                external_id: editing.externalId,
                name: editing.name,
                tier: editing.tier,
                monthly_revenue_usd: editing.monthlyRevenueUsd.replace(/\.?0+$/, ""),
              }
            : undefined
        }
      />
      <Panel
        headingId="customers-heading"
        title="Customers"
        description={
          <>
            Quotas limit billable production usage per calendar month (UTC), for all features or one; alerts fire at 80 % and 100 %.{" "}
            <Link href="/customers" className="text-orange-700 underline-offset-2 hover:underline">
              Customers
            </Link>{" "}
            shows cost to serve and margin.
          </>
        }
      >
        {customers.length === 0 ? (
          <PanelEmpty>No customers yet. Add one above or import a CSV below.</PanelEmpty>
        ) : (
          <ListTable
            columns={[
              "Customer",
              "Tier",
              { label: "Revenue / month", right: true },
              "Quotas",
              { label: "Actions", hidden: true, right: true },
            ]}
          >
            {customers.map((c) => (
              <tr key={c.id}>
                <td className="px-5 py-3">
                  <div className="font-medium">{c.name}</div>
                  <div className="font-mono text-xs text-slate-500">{c.externalId}</div>
                </td>
                <td className="px-5 py-3">
                  <Badge tone={c.tier === "paid" ? "good" : c.tier === "internal" ? "accent" : "neutral"}>{c.tier}</Badge>
                </td>
                <UsdCell value={c.monthlyRevenueUsd} py="3" />
                <td className="px-5 py-3">
                  <ul className="mb-1.5 space-y-1">
                    {c.quotas.map((q) => {
                      const label = `${limitLabel(q.metric, q.limit)}${q.feature ? ` (${q.feature})` : ""}`;
                      return (
                        <li key={q.id} className="flex items-center gap-2 text-sm">
                          <span>{label}</span>
                          <DeleteQuotaButton id={q.id} label={label} />
                        </li>
                      );
                    })}
                  </ul>
                  <AddQuotaForm customerId={c.id} name={c.name} />
                </td>
                <td className="px-5 py-3 text-right whitespace-nowrap">
                  <Link
                    href={`/settings/customers?edit=${c.id}`}
                    aria-label={`Edit ${c.name}`}
                    className="mr-2 rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50"
                  >
                    Edit
                  </Link>
                  <DeleteCustomerButton id={c.id} name={c.name} />
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </Panel>
      <ImportForm />
    </div>
  );
}
