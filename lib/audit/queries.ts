import "server-only";
import { and, desc, eq, like, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export const AuditQueryInput = z.strictObject({
  /** An action (`member.role_changed`) or a prefix group (`member`). */
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)?$/, "must be an action like member.role_changed or a group like member")
    .optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQueryInput = z.infer<typeof AuditQueryInput>;

export interface AuditRow {
  id: number;
  at: Date;
  actorKind: string;
  actorLabel: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
}

/** Newest first, keyset-paginated on id; `nextBefore` is set when there are older entries. */
export async function listAuditLog(ctx: Ctx, input: AuditQueryInput): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  assertCan(ctx.actor, "audit:read");
  const where: SQL[] = [];
  if (input.action) where.push(input.action.includes(".") ? eq(auditLog.action, input.action) : like(auditLog.action, `${input.action}.%`));
  if (input.before) where.push(lt(auditLog.id, input.before));
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  return { rows: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null };
}
