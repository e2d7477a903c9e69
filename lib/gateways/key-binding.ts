import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys, type GatewayName, type GatewayOptions } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const GATEWAY_LABELS: Record<GatewayName, string> = { litellm: "LiteLLM", openmeter: "OpenMeter" };

const conflict = (bound: GatewayName, asked: GatewayName) =>
  new AppError(
    "conflict",
    `This key already sends ${GATEWAY_LABELS[bound]} records; a second path for the same calls would count them twice. ` +
      `Create a separate ingest key for ${GATEWAY_LABELS[asked]} (Settings → Connect), or keep to one path.`,
  );

/** How the calling key's records are read (OpenMeter's options); a session or an unconfigured key: the defaults. */
export function gatewayOptionsOf(ctx: Ctx): GatewayOptions {
  return ctx.actor.kind === "api_key" ? (ctx.actor.gatewayOptions ?? {}) : {};
}

/**
 * One ingest path per gateway per key (specs/gateway-callbacks.md §6.8): a key is bound to the first gateway it sends
 * usage through (or the one it was created for), and any other gateway is refused with 409 before anything is
 * stored — a LiteLLM proxy that runs both its `generic_api` and its `openmeter` callback with one key has the second
 * path refused, not its calls counted twice. Call it once a request has usage to store. Sessions bind nothing.
 */
export async function bindGateway(ctx: Ctx, gateway: GatewayName): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== "api_key") return;
  if (actor.gateway && actor.gateway !== gateway) throw conflict(actor.gateway, gateway);
  if (!actor.gateway) {
    const [bound] = await ctx.db
      .update(apiKeys)
      .set({ gateway })
      .where(and(eq(apiKeys.id, actor.keyId), isNull(apiKeys.gateway)))
      .returning({ id: apiKeys.id });
    if (!bound) {
      // Another request bound it first.
      const [row] = await ctx.db.select({ gateway: apiKeys.gateway }).from(apiKeys).where(eq(apiKeys.id, actor.keyId));
      if (row?.gateway && row.gateway !== gateway) throw conflict(row.gateway, gateway);
    }
  }
}
