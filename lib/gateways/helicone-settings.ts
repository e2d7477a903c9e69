import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { integrationSettings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { openSecret, sealSecret } from "@/lib/providers/secret-box";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "@/lib/validation/text";
import { DEFAULT_PROPERTY_MAP, PROPERTY_TARGETS, type PropertyTarget } from "./helicone";

/**
 * Helicone's two secrets and its property map: Settings → Connect stores them sealed under BURNRATE_SECRET (like
 * provider keys); the environment's `HELICONE_WEBHOOK_SECRET` / `HELICONE_API_KEY` stand in where Settings has none.
 */
export interface HeliconeConfig {
  /** The webhook's HMAC key, or why there is none to check with. */
  secret: { value: string } | { problem: string };
  /** Enrichment from Helicone's REST API: on when an API key is set. */
  api: { key: string; url: string } | null;
  properties: Record<string, PropertyTarget>;
}

const unsealed = (sealed: string | null, what: string, secret: string | undefined) => {
  if (!sealed) return undefined;
  if (!secret) return { problem: `The stored Helicone ${what} cannot be opened: BURNRATE_SECRET is not set.` };
  try {
    return { value: openSecret(sealed, secret) };
  } catch {
    return { problem: `The stored Helicone ${what} cannot be opened (BURNRATE_SECRET changed?): save it again in Settings → Connect.` };
  }
};

async function storedRow(ctx: Ctx) {
  const [row] = await ctx.db.select().from(integrationSettings).where(eq(integrationSettings.integration, "helicone"));
  return row;
}

export async function heliconeConfig(ctx: Ctx): Promise<HeliconeConfig> {
  const e = env();
  const row = await storedRow(ctx);
  const secret =
    unsealed(row?.encryptedSecret ?? null, "webhook secret", e.BURNRATE_SECRET) ??
    (e.HELICONE_WEBHOOK_SECRET
      ? { value: e.HELICONE_WEBHOOK_SECRET }
      : { problem: "Helicone webhooks are not enabled: set the webhook secret in Settings → Connect or HELICONE_WEBHOOK_SECRET." });
  const apiKey = unsealed(row?.encryptedApiKey ?? null, "API key", e.BURNRATE_SECRET);
  const key = apiKey && "value" in apiKey ? apiKey.value : e.HELICONE_API_KEY;
  return {
    secret,
    api: key ? { key, url: e.HELICONE_API_URL.replace(/\/+$/, "") } : null,
    properties: (row?.options.properties as Record<string, PropertyTarget> | undefined) ?? DEFAULT_PROPERTY_MAP,
  };
}

/** `Name = field` per line (case-insensitive names): Helicone custom properties → Burnrate fields. */
export function parsePropertyMap(text: string): Record<string, PropertyTarget> {
  const map: Record<string, PropertyTarget> = {};
  const problems: { path: string; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [name, field] = line.split("=").map((s) => s.trim());
    if (!name || !field || line.split("=").length !== 2) {
      problems.push({ path: `properties.${i + 1}`, message: `Line ${i + 1}: write "Property = field"` });
    } else if (!(PROPERTY_TARGETS as readonly string[]).includes(field)) {
      problems.push({ path: `properties.${i + 1}`, message: `Line ${i + 1}: "${field}" is not one of ${PROPERTY_TARGETS.join(", ")}` });
    } else if (name.length > 64 || !isStorableText(name)) {
      problems.push({ path: `properties.${i + 1}`, message: `Line ${i + 1}: the property name is too long or has control characters` });
    } else map[name.toLowerCase()] = field as PropertyTarget;
  });
  if (problems.length > 0) throw new AppError("validation_failed", "The property map has lines Burnrate cannot read.", problems);
  return map;
}

export const propertyMapText = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([name, field]) => `${name} = ${field}`)
    .join("\n");

const secretField = (what: string) =>
  z
    .string()
    .trim()
    .max(500, "At most 500 characters")
    .refine(isStorableText, STORABLE_TEXT_MESSAGE)
    .refine((v) => v === "" || v.length >= 8, `Paste the whole ${what}`);

export const SaveHeliconeInput = z.object({
  /** Blank keeps what is stored. */
  webhook_secret: secretField("webhook secret"),
  api_key: secretField("API key"),
  properties: z.string().max(4000, "At most 4,000 characters"),
});

/** Saves what was typed (blank secrets keep the stored ones), sealed; the audit log names what changed, never a value. */
export async function saveHeliconeSettings(ctx: Ctx, raw: unknown): Promise<void> {
  assertCan(ctx.actor, "settings:manage");
  const input = SaveHeliconeInput.parse(raw);
  const properties = parsePropertyMap(input.properties);
  const secret = env().BURNRATE_SECRET;
  if ((input.webhook_secret || input.api_key) && !secret) {
    throw new AppError("validation_failed", "Set BURNRATE_SECRET (32+ characters) on the server to store Helicone's secrets encrypted.", [
      { path: input.webhook_secret ? "webhook_secret" : "api_key", message: "BURNRATE_SECRET is not set" },
    ]);
  }
  const values = {
    ...(input.webhook_secret
      ? { encryptedSecret: sealSecret(input.webhook_secret, secret as string), secretHint: input.webhook_secret.slice(-4) }
      : {}),
    ...(input.api_key ? { encryptedApiKey: sealSecret(input.api_key, secret as string), apiKeyHint: input.api_key.slice(-4) } : {}),
    options: { properties },
  };
  const changed = [input.webhook_secret && "webhook secret", input.api_key && "API key", "property map"].filter(Boolean);
  await withTransaction(ctx, async (ctx) => {
    await ctx.db
      .insert(integrationSettings)
      .values({ integration: "helicone", ...values })
      .onConflictDoUpdate({ target: integrationSettings.integration, set: { ...values, updatedAt: sql`now()` } });
    await recordAudit(ctx, { action: "integration.changed", target: "helicone", details: { saved: changed } });
  });
}

/** Removes a stored secret (`webhook_secret` or `api_key`); the environment's, if any, applies again. */
export async function removeHeliconeSecret(ctx: Ctx, which: unknown): Promise<void> {
  assertCan(ctx.actor, "settings:manage");
  const field = z.enum(["webhook_secret", "api_key"]).parse(which);
  await withTransaction(ctx, async (ctx) => {
    await ctx.db
      .update(integrationSettings)
      .set(
        field === "webhook_secret"
          ? { encryptedSecret: null, secretHint: null, updatedAt: sql`now()` }
          : { encryptedApiKey: null, apiKeyHint: null, updatedAt: sql`now()` },
      )
      .where(eq(integrationSettings.integration, "helicone"));
    await recordAudit(ctx, { action: "integration.changed", target: "helicone", details: { removed: field } });
  });
}

export interface HeliconeSettingsView {
  secret: { source: "settings" | "env" | null; hint?: string };
  apiKey: { source: "settings" | "env" | null; hint?: string };
  apiUrl: string;
  properties: string;
}

/** What Settings → Connect shows: where each secret comes from and its last four characters, never the secret. */
export async function heliconeSettingsView(ctx: Ctx): Promise<HeliconeSettingsView> {
  assertCan(ctx.actor, "settings:manage");
  const e = env();
  const row = await storedRow(ctx);
  const source = (hint: string | null | undefined, fromEnv: string | undefined) =>
    hint ? { source: "settings" as const, hint } : fromEnv ? { source: "env" as const, hint: fromEnv.slice(-4) } : { source: null };
  return {
    secret: source(row?.secretHint, e.HELICONE_WEBHOOK_SECRET),
    apiKey: source(row?.apiKeyHint, e.HELICONE_API_KEY),
    apiUrl: e.HELICONE_API_URL,
    properties: propertyMapText((row?.options.properties as Record<string, string> | undefined) ?? DEFAULT_PROPERTY_MAP),
  };
}
