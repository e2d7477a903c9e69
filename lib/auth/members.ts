import "server-only";
import { asc, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { AnonymousCtx, Ctx } from "./actor";
import { assertCan, type Role } from "./permissions";
import { setupOpen } from "./setup-token";

export interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: "active" | "invited" | "deactivated";
  createdAt: Date;
  lastSignInAt: Date | null;
}

export async function listMembers(ctx: Ctx): Promise<MemberRow[]> {
  assertCan(ctx.actor, "members:manage");
  const rows = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
      deactivatedAt: users.deactivatedAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
    })
    .from(users)
    .orderBy(sql`${users.deactivatedAt} is not null`, asc(users.email));
  return rows.map(({ deactivatedAt, hasPassword, ...r }) => ({
    ...r,
    status: deactivatedAt ? "deactivated" : !hasPassword && !r.lastSignInAt ? "invited" : "active",
  }));
}

/** True until anyone or any API key exists: the only time `/setup` may create the first admin. */
export async function needsSetup(ctx: AnonymousCtx): Promise<boolean> {
  return setupOpen(ctx);
}
