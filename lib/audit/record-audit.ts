import "server-only";
import { auditLog } from "@/db/schema";
import { type Actor, type AnonymousCtx, actorId, actorLabel, type Ctx } from "@/lib/auth/actor";
import { bumpCounter } from "@/lib/auth/throttle-counter";

/** Actions the audit log knows; the Settings → Audit log filter lists them. */
export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_blocked": "Sign-in blocked (too many failures)",
  "auth.anonymous_suppressed": "Stopped logging failed sign-ins for a while (too many)",
  "auth.sign_out": "Signed out",
  "auth.setup": "Created the first admin",
  "auth.invite_accepted": "Accepted an invite",
  "member.invited": "Invited a member",
  "member.invite_renewed": "Issued a new invite link",
  "member.role_changed": "Changed a role",
  "member.deactivated": "Deactivated a member",
  "member.reactivated": "Reactivated a member",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "budget.created": "Created a budget",
  "budget.updated": "Changed a budget",
  "budget.deleted": "Deleted a budget",
  "price.changed": "Changed a price",
  "plan.created": "Added a plan",
  "plan.updated": "Changed a plan",
  "plan.deleted": "Deleted a plan",
  "customer.created": "Added a customer",
  "customer.updated": "Changed a customer",
  "customer.deleted": "Deleted a customer",
  "customer.imported": "Imported customers from CSV",
  "person.created": "Added a person",
  "person.updated": "Changed a person",
  "person.left": "Marked a person as left",
  "person.alias_linked": "Linked an alias to a person",
  "person.alias_unlinked": "Unlinked an alias",
  "people.imported": "Imported people",
  "quota.added": "Added a customer quota",
  "quota.deleted": "Deleted a customer quota",
  "review.marked": "Marked a review item",
  "saved_view.created": "Saved a Spend explorer view",
  "saved_view.deleted": "Deleted a saved view",
  "export.downloaded": "Downloaded an export",
  "month.closed": "Closed a month",
  "month.reopened": "Reopened a month",
  "provider.changed": "Changed a provider connection",
  "integration.changed": "Changed an integration's settings",
  "alert.test_sent": "Sent a test alert",
  "price.created": "Added a price",
  "price.deleted": "Deleted a price",
  "price.reprice_started": "Started repricing stored events",
  "price.repriced": "Repriced stored events",
  "events.month_dropped": "Dropped a month of raw events (retention)",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEntry {
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry; pass a transaction as `ctx.db` to make the entry part of the change it records. A read context
 * (a download reading from the replica) writes it to the primary.
 */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await (ctx.primaryDb ?? ctx.db).insert(auditLog).values(auditValues(ctx.actor, ctx.ip, entry));
}

/**
 * Anyone can cause anonymous entries (failed sign-ins), so they are capped per window: per address, per account
 * typed and overall. The entry that crosses a cap is replaced by one summary entry naming it; later ones in that
 * window are not written. The throttle counts every attempt regardless.
 */
export const ANONYMOUS_AUDIT_LIMITS = { windowMs: 15 * 60_000, perAddress: 20, perAccount: 20, overall: 500 } as const;

/** Entries for someone not signed in (failed sign-ins); the email they typed goes in `target`. */
export async function recordAnonymousAudit(ctx: AnonymousCtx, entry: AuditEntry, now = new Date()): Promise<void> {
  const L = ANONYMOUS_AUDIT_LIMITS;
  const account = entry.target?.trim().toLowerCase();
  const caps: { scope: "address" | "account" | "overall"; key: string; limit: number }[] = [
    ...(ctx.ip ? [{ scope: "address" as const, key: `audit:ip:${ctx.ip}`, limit: L.perAddress }] : []),
    ...(account ? [{ scope: "account" as const, key: `audit:account:${account}`, limit: L.perAccount }] : []),
    { scope: "overall", key: "audit:overall", limit: L.overall },
  ];
  const counts = [];
  for (const cap of caps) counts.push({ ...cap, n: await bumpCounter(ctx, cap.key, now, L.windowMs) });
  const anonymous = { kind: "system", name: "not signed in" } as const;
  if (counts.every((c) => c.n <= c.limit)) {
    await ctx.db.insert(auditLog).values({ ...auditValues(anonymous, ctx.ip, entry), actorKind: "anonymous" });
    return;
  }
  for (const c of counts.filter((x) => x.n === x.limit + 1)) {
    const target = c.scope === "address" ? (ctx.ip ?? null) : c.scope === "account" ? (entry.target ?? null) : null;
    const details = { scope: c.scope, limit: c.limit, window_minutes: L.windowMs / 60_000, first_left_out: entry.action };
    await ctx.db
      .insert(auditLog)
      .values({ ...auditValues(anonymous, ctx.ip, { action: "auth.anonymous_suppressed", target, details }), actorKind: "anonymous" });
  }
}

function auditValues(actor: Actor, ip: string | null | undefined, entry: AuditEntry) {
  return {
    actorKind: actor.kind,
    actorId: actorId(actor),
    actorLabel: actorLabel(actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
    ip: ip ?? null,
  };
}
