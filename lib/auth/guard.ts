import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { REQUEST_PATH_HEADER } from "@/lib/http/request-path";
import type { Ctx, UserActor } from "./actor";
import { clientIp } from "./client-ip";
import { getCurrentUser } from "./current-user";
import { can, type Permission } from "./permissions";
import { safeNextPath } from "./safe-next";

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
