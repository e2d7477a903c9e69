import "server-only";
import { auditLog } from "@/db/schema";
import { type Actor, actorId, actorLabel, type Ctx } from "@/lib/auth/actor";

/** Actions the audit log knows; the Settings → Audit log filter lists them. */
export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_blocked": "Sign-in blocked (too many failures)",
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
  "quota.added": "Added a customer quota",
  "quota.deleted": "Deleted a customer quota",
  "review.marked": "Marked a review item",
  "export.downloaded": "Downloaded an export",
  "month.closed": "Closed a month",
  "month.reopened": "Reopened a month",
  "provider.changed": "Changed a provider connection",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditEntry {
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one entry; pass a transaction as `ctx.db` to make the entry part of the change it records. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values(auditValues(ctx.actor, ctx.ip, entry));
}

/** Entries for someone not signed in (failed sign-ins); the email they typed goes in `target`. */
export async function recordAnonymousAudit(ctx: Omit<Ctx, "actor">, entry: AuditEntry): Promise<void> {
  await ctx.db
    .insert(auditLog)
    .values({ ...auditValues({ kind: "system", name: "not signed in" }, ctx.ip, entry), actorKind: "anonymous" });
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
