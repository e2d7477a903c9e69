import "server-only";
import { inArray, sql } from "drizzle-orm";
import { customers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { type CsvPreview, parseCustomerCsv } from "./parse-csv";

export interface ImportPreview extends CsvPreview {
  /** Per valid row: whether importing adds the customer or changes an existing one. */
  actions: ("create" | "update")[];
}

/** Parses and checks a CSV without writing anything: the preview Settings → Customers shows before importing. */
export async function previewCustomerImport(ctx: Ctx, text: string): Promise<ImportPreview> {
  assertCan(ctx.actor, "customers:manage");
  const preview = parseCustomerCsv(text);
  const ids = preview.rows.map((r) => r.customer.external_id);
  const existing =
    ids.length === 0
      ? new Set<string>()
      : new Set(
          (await ctx.db.select({ id: customers.externalId }).from(customers).where(inArray(customers.externalId, ids))).map((r) => r.id),
        );
  return { ...preview, actions: preview.rows.map((r) => (existing.has(r.customer.external_id) ? "update" : "create")) };
}

/**
 * Imports a CSV: every row or none. Any row error refuses the whole file (400 with one detail per bad row,
 * `line N: …`), and the rows are written in one transaction, so a failure half-way leaves nothing behind.
 * A row whose external id exists updates that customer (name, tier, revenue); others are added.
 */
export async function importCustomers(ctx: Ctx, text: string): Promise<{ created: number; updated: number }> {
  assertCan(ctx.actor, "customers:manage");
  const preview = parseCustomerCsv(text);
  if (preview.errors.length > 0) {
    throw new AppError(
      "validation_failed",
      `Nothing was imported: ${preview.errors.length} row${preview.errors.length === 1 ? " has" : "s have"} errors.`,
      preview.errors.flatMap((e) => e.errors.map((m) => ({ path: `line ${e.line}${m.path ? ` ${m.path}` : ""}`, message: m.message }))),
    );
  }
  if (preview.rows.length === 0) throw new AppError("validation_failed", "The file has no customer rows.");
  return withTransaction(ctx, async (ctx) => {
    let created = 0;
    // Batches of 1000 rows: one statement each, all in the one transaction.
    for (let i = 0; i < preview.rows.length; i += 1000) {
      const batch = preview.rows.slice(i, i + 1000).map(({ customer: c }) => ({
        externalId: c.external_id,
        name: c.name,
        tier: c.tier,
        monthlyRevenueUsd: c.monthly_revenue_usd,
      }));
      const rows = await ctx.db
        .insert(customers)
        .values(batch)
        .onConflictDoUpdate({
          target: customers.externalId,
          set: {
            name: sql`excluded.name`,
            tier: sql`excluded.tier`,
            monthlyRevenueUsd: sql`excluded.monthly_revenue_usd`,
            updatedAt: sql`now()`,
          },
        })
        // xmax = 0 on a freshly inserted row, not on one the conflict updated.
        .returning({ inserted: sql<string>`(xmax = 0)::text` });
      created += rows.filter((r) => r.inserted === "true").length;
    }
    const result = { created, updated: preview.rows.length - created };
    await recordAudit(ctx, { action: "customer.imported", details: { rows: preview.rows.length, ...result } });
    return result;
  });
}
