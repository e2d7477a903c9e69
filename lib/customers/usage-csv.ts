import "server-only";
import Big from "big.js";
import { stringify } from "csv-stringify/sync";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { monthRange } from "@/lib/dates/months";
import { usdString } from "@/lib/money";
import { sumSlices } from "./get-usage";
import { allCustomers } from "./queries";
import { byCustomer, usageSlices } from "./usage";

/** The billing CSV's columns, in order (README: "Customer usage CSV"). */
export const USAGE_CSV_COLUMNS = [
  "month",
  "customer",
  "customer_name",
  "tier",
  "billable_requests",
  "billable_input_tokens",
  "billable_output_tokens",
  "billable_tokens",
  "billable_cost_usd",
  "non_billable_requests",
  "non_billable_cost_usd",
] as const;

/**
 * `GET /api/v1/customers/usage.csv?month=YYYY-MM`: one row per customer with customer usage in the month (and every
 * registered customer not on the internal tier, with zeros), by customer id. Only customer usage by the rules
 * (production, not internal tier): test, staging and internal usage never reach a bill. Cells that would start a
 * spreadsheet formula are neutralised by csv-stringify's `escape_formulas`.
 */
export async function customerUsageCsv(ctx: Ctx, month: string): Promise<{ filename: string; body: string }> {
  assertCan(ctx.actor, "export:download");
  const range = monthRange(month);
  const [registered, slices] = await Promise.all([
    allCustomers(ctx),
    usageSlices(ctx, { firstDay: range.firstDay, lastDay: range.lastDay }),
  ]);
  const counted = slices.filter((s) => s.counted);
  const grouped = byCustomer(counted);
  const byId = new Map(registered.map((c) => [c.externalId, c]));
  const ids = new Set([...registered.filter((c) => c.tier !== "internal").map((c) => c.externalId), ...counted.map((s) => s.customer)]);
  const rows = [...ids].sort().map((id) => {
    const c = byId.get(id);
    const mine = grouped.get(id) ?? [];
    const billable = sumSlices(mine.filter((s) => s.billable));
    const other = sumSlices(mine.filter((s) => !s.billable));
    return [
      month,
      id,
      c?.name ?? "",
      c?.tier ?? "",
      billable.requests,
      billable.input_tokens,
      billable.output_tokens,
      billable.input_tokens + billable.output_tokens,
      usdString(new Big(billable.cost_usd)),
      other.requests,
      usdString(new Big(other.cost_usd)),
    ];
  });
  await recordAudit(ctx, { action: "export.downloaded", target: month, details: { format: "customer_usage" } });
  return {
    filename: `burnrate-customers-${month}.csv`,
    body: stringify(rows, { header: true, columns: [...USAGE_CSV_COLUMNS], escape_formulas: true }),
  };
}
