import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { priceOverrides } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { actorLabel, type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { invalidatePriceOverrides } from "@/lib/pricing";
import { isModelPattern } from "@/lib/pricing/override-price";
import { PriceOverrideInput } from "./schemas";

/** A price override as the API and Settings → Prices show it (USD per million tokens, decimal strings). */
export interface PriceOverride {
  id: string;
  provider: string;
  model: string;
  /** The model is a pattern (`*`): it prices every model it matches that has no exact card. */
  pattern: boolean;
  effective_from: string;
  /** Its own prices (null on a card that prices from the catalog). */
  input_per_mtok: string | null;
  output_per_mtok: string | null;
  cache_read_per_mtok: string | null;
  cache_write_per_mtok: string | null;
  /** A catalog card: the model whose catalog price it uses (null: each event's own), × `multiplier`. */
  as_model: string | null;
  multiplier: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** Every override, by provider, model and date. */
export async function listPriceOverrides(ctx: Ctx, filter: { provider?: string; model?: string } = {}): Promise<PriceOverride[]> {
  assertCan(ctx.actor, "prices:read");
  const rows = await ctx.db
    .select()
    .from(priceOverrides)
    .orderBy(asc(priceOverrides.provider), asc(priceOverrides.model), asc(priceOverrides.effectiveFrom));
  return rows
    .filter(
      (r) => (!filter.provider || r.provider.includes(filter.provider)) && (!filter.model || r.model.toLowerCase().includes(filter.model)),
    )
    .map((r) => ({
      id: r.id,
      provider: r.provider,
      model: r.model,
      pattern: isModelPattern(r.model),
      effective_from: r.effectiveFrom,
      input_per_mtok: r.inputMtok,
      output_per_mtok: r.outputMtok,
      cache_read_per_mtok: r.cacheReadMtok,
      cache_write_per_mtok: r.cacheWriteMtok,
      as_model: r.asModel,
      multiplier: r.multiplier,
      note: r.note,
      created_by: r.createdBy,
      created_at: r.createdAt.toISOString(),
    }));
}

/**
 * Adds a price card (admin). It prices events ingested from now on at their own timestamps (every instance within
 * 30 s); events already stored keep their cost until repriced. One card per provider, model and date: another on the
 * same date is a 409 (delete it first).
 */
export async function createPriceOverride(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  assertCan(ctx.actor, "prices:manage");
  const p = PriceOverrideInput.parse(input);
  const row = await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .insert(priceOverrides)
      .values({
        provider: p.provider,
        model: p.model,
        effectiveFrom: p.effective_from,
        inputMtok: p.input_per_mtok ?? null,
        outputMtok: p.output_per_mtok ?? null,
        cacheReadMtok: p.cache_read_per_mtok ?? null,
        cacheWriteMtok: p.cache_write_per_mtok ?? null,
        asModel: p.as_model ?? null,
        multiplier: p.multiplier ?? null,
        note: p.note,
        createdBy: actorLabel(ctx.actor),
      })
      .onConflictDoNothing()
      .returning({ id: priceOverrides.id });
    if (!row) {
      throw new AppError("conflict", `${p.provider}/${p.model} already has a price from ${p.effective_from}.`, [
        { path: "effective_from", message: "another price for this model starts on this date: delete it first, or pick another date" },
      ]);
    }
    await recordAudit(ctx, {
      action: "price.created",
      target: `${p.provider}/${p.model}`,
      details: {
        effective_from: p.effective_from,
        input_per_mtok: p.input_per_mtok ?? null,
        output_per_mtok: p.output_per_mtok ?? null,
        cache_read_per_mtok: p.cache_read_per_mtok ?? null,
        cache_write_per_mtok: p.cache_write_per_mtok ?? null,
        as_model: p.as_model ?? null,
        multiplier: p.multiplier ?? null,
      },
    });
    return row;
  });
  invalidatePriceOverrides();
  return row;
}

/** Removes a price card (admin): the catalog (or an earlier card) prices what it priced, from the next ingest on. */
export async function deletePriceOverride(ctx: Ctx, id: string): Promise<void> {
  assertCan(ctx.actor, "prices:manage");
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such price.");
  await withTransaction(ctx, async (ctx) => {
    const [row] = await ctx.db
      .delete(priceOverrides)
      .where(eq(priceOverrides.id, id))
      .returning({ provider: priceOverrides.provider, model: priceOverrides.model, from: priceOverrides.effectiveFrom });
    if (!row) throw new AppError("not_found", "No such price; it may have been deleted already.");
    await recordAudit(ctx, { action: "price.deleted", target: `${row.provider}/${row.model}`, details: { effective_from: row.from } });
  });
  invalidatePriceOverrides();
}
