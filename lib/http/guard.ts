import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Ctx, UserActor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/client-ip";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, type Permission } from "@/lib/auth/permissions";
import { safeNextPath } from "@/lib/auth/safe-next";
import { getDb } from "@/lib/start";
import { REQUEST_PATH_HEADER } from "./request-path";

/**
 * For pages and server actions: the signed-in member and a context for `lib/`, or a redirect to /login
 * (back to this page afterwards), or Next's 403 page when the role lacks the permission.
 */
export async function requireUser(permission?: Permission): Promise<Ctx & { actor: UserActor }> {
  const actor = await getCurrentUser();
  const h = await headers();
  if (!actor) redirect(`/login?next=${encodeURIComponent(safeNextPath(h.get(REQUEST_PATH_HEADER)))}`);
  if (permission && !can(actor, permission)) forbidden();
  return { db: await getDb(), actor, ip: clientIp(h) };
}
