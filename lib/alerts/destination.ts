import "server-only";
import { eq, sql } from "drizzle-orm";
import { integrationSettings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Ctx, withTransaction } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { maskWebhookUrl } from "@/lib/budgets/present";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/net/outbound-url";
import { openSecret, sealSecret } from "@/lib/providers/secret-box";
import { AlertDestinationInput } from "./schemas";

/**
 * The global alert webhook: where anomaly, runaway-session and quota alerts, the weekly digest, and budgets without a
 * webhook of their own are posted. Settings → Alerts stores one sealed under BURNRATE_SECRET (like provider keys and
 * Helicone's secret: Slack webhook URLs are credentials); `ALERT_WEBHOOK_URL` applies when none is stored.
 */
export interface AlertDestination {
  url: string;
  source: "settings" | "env";
}

const INTEGRATION = "alerts";

async function storedRow(ctx: Ctx) {
  const [row] = await ctx.db
    .select({ sealed: integrationSettings.encryptedSecret, hint: integrationSettings.secretHint })
    .from(integrationSettings)
    .where(eq(integrationSettings.integration, INTEGRATION));
  return row?.sealed ? { sealed: row.sealed, hint: row.hint ?? "…" } : null;
}

/** The stored URL, opened; or why it cannot be (BURNRATE_SECRET unset or changed). */
function opened(sealed: string): { url: string } | { problem: string } {
  const secret = env().BURNRATE_SECRET;
  if (!secret) return { problem: "The stored alert webhook cannot be opened: BURNRATE_SECRET is not set." };
  try {
    return { url: openSecret(sealed, secret) };
  } catch {
    return { problem: "The stored alert webhook cannot be opened (BURNRATE_SECRET changed?): save it again in Settings → Alerts." };
  }
}

/**
 * The one resolver every sender of alerts uses: the URL stored in Settings → Alerts, else ALERT_WEBHOOK_URL, else
 * null (alerts are then only shown in the app). A stored URL that cannot be opened counts as none.
 */
export async function globalAlertWebhook(ctx: Ctx): Promise<AlertDestination | null> {
  const row = await storedRow(ctx);
  const stored = row ? opened(row.sealed) : null;
  if (stored && "url" in stored) return { url: stored.url, source: "settings" };
  const fromEnv = env().ALERT_WEBHOOK_URL;
  return fromEnv ? { url: fromEnv, source: "env" } : null;
}

export interface AlertDestinationView {
  /** Where alerts go now: the stored URL, the environment's, or nowhere. */
  source: "settings" | "env" | null;
  /** Scheme, host and the path's last characters; never the whole URL. */
  hint: string | null;
  /** Whether ALERT_WEBHOOK_URL is set (it applies again when the stored URL is removed). */
  envSet: boolean;
  /** Whether a URL can be stored (BURNRATE_SECRET is set). */
  canStore: boolean;
  problem: string | null;
}

/** What Settings → Alerts shows: where alerts go and a masked hint of it, never the URL. */
export async function alertDestinationView(ctx: Ctx): Promise<AlertDestinationView> {
  assertCan(ctx.actor, "settings:manage");
  const e = env();
  const row = await storedRow(ctx);
  const stored = row ? opened(row.sealed) : null;
  const problem = stored && "problem" in stored ? stored.problem : null;
  const base = { envSet: Boolean(e.ALERT_WEBHOOK_URL), canStore: Boolean(e.BURNRATE_SECRET), problem };
  if (row && !problem) return { ...base, source: "settings", hint: row.hint };
  if (e.ALERT_WEBHOOK_URL) return { ...base, source: "env", hint: maskWebhookUrl(e.ALERT_WEBHOOK_URL) };
  return { ...base, source: null, hint: null };
}

/**
 * Stores the global alert webhook, sealed. Like a budget's webhook it may not point at this machine or the private
 * network unless the host is in BURNRATE_WEBHOOK_ALLOWED_HOSTS (400 `invalid_webhook_url`); it is checked again,
 * resolved, at every send. The audit log says that it changed, never the URL.
 */
export async function saveAlertDestination(ctx: Ctx, raw: unknown): Promise<AlertDestinationView> {
  assertCan(ctx.actor, "settings:manage");
  const { url } = AlertDestinationInput.parse(raw);
  const check = checkOutboundUrl(url, env().BURNRATE_WEBHOOK_ALLOWED_HOSTS);
  if (!check.ok) {
    throw new AppError(
      "invalid_webhook_url",
      `The webhook URL is refused: ${check.reason}. Use a public address, or list the host in BURNRATE_WEBHOOK_ALLOWED_HOSTS.`,
      [{ path: "url", message: `is refused: ${check.reason}` }],
    );
  }
  const secret = env().BURNRATE_SECRET;
  if (!secret) {
    throw new AppError("validation_failed", "Set BURNRATE_SECRET (32+ characters) on the server to store the webhook URL encrypted.", [
      { path: "url", message: "BURNRATE_SECRET is not set" },
    ]);
  }
  const values = { encryptedSecret: sealSecret(url, secret), secretHint: maskWebhookUrl(url) };
  await withTransaction(ctx, async (ctx) => {
    await ctx.db
      .insert(integrationSettings)
      .values({ integration: INTEGRATION, ...values })
      .onConflictDoUpdate({ target: integrationSettings.integration, set: { ...values, updatedAt: sql`now()` } });
    await recordAudit(ctx, { action: "integration.changed", target: INTEGRATION, details: { saved: "webhook URL" } });
  });
  return alertDestinationView(ctx);
}

/** Removes the stored URL; ALERT_WEBHOOK_URL, if set, applies again. */
export async function removeAlertDestination(ctx: Ctx): Promise<AlertDestinationView> {
  assertCan(ctx.actor, "settings:manage");
  await withTransaction(ctx, async (ctx) => {
    const removed = await ctx.db
      .delete(integrationSettings)
      .where(eq(integrationSettings.integration, INTEGRATION))
      .returning({ integration: integrationSettings.integration });
    if (removed.length > 0) {
      await recordAudit(ctx, { action: "integration.changed", target: INTEGRATION, details: { removed: "webhook URL" } });
    }
  });
  return alertDestinationView(ctx);
}

/** The view as `GET /api/v1/alerts/destination` answers it. */
export function toApiDestination(v: AlertDestinationView) {
  return { source: v.source, hint: v.hint, env_set: v.envSet, can_store: v.canStore, problem: v.problem };
}
