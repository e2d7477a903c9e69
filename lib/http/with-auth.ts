import "server-only";
import type { ApiKeyActor, Ctx, UserActor } from "@/lib/auth/actor";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { clientIp } from "@/lib/auth/client-ip";
import { getCurrentUser } from "@/lib/auth/current-user";
import { assertCan, type Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/start";
import { readContext } from "./read-context";
import { errorResponse } from "./respond";

type Handler<P> = (args: { req: Request; ctx: Ctx & { actor: ApiKeyActor | UserActor }; params: P }) => Promise<Response>;

interface Options {
  /** Also accept a signed-in member's session cookie (the dashboard calling its own API). Default: keys only. */
  session?: boolean;
  /**
   * Read from the replica (DATABASE_READ_URL) when there is one (lib/http/read-context.ts): dashboards' read APIs and
   * downloads. The caller is still authenticated on the primary. Never for a handler that writes.
   */
  replica?: boolean;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler: `Authorization: Bearer <key>` (or, with `session: true`, the session cookie) →
 * an actor that must hold the permission (401 unknown, 403 lacking); errors mapped once.
 */
export function withAuth<P = Record<string, string>>(permission: Permission, handler: Handler<P>, options: Options = {}) {
  return async (req: Request, route?: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await authenticate(req, options);
      assertCan(caller.actor, permission);
      const ctx = options.replica ? await readContext(caller) : caller;
      const params = (route ? await route.params : {}) as P;
      return await handler({ req, ctx, params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The caller of a request: an API key (`Authorization: Bearer`), or with `session: true` a signed-in member. */
export async function authenticate(req: Request, options: Options = {}): Promise<Ctx & { actor: ApiKeyActor | UserActor }> {
  const ip = clientIp(req.headers);
  const header = req.headers.get("authorization");
  if (header !== null || !options.session) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!match?.[1]) throw new AppError("unauthorized", "Send an API key as 'Authorization: Bearer <key>'.");
    const db = await getDb();
    const actor = await authenticateApiKey({ db, ip }, match[1]);
    if (!actor) throw new AppError("unauthorized", "The API key is unknown or revoked.");
    return { db, actor, ip };
  }
  const actor = await getCurrentUser();
  if (!actor) throw new AppError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
  // Cookies ride along on cross-site requests; a state-changing call must come from our own pages.
  if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) throw new AppError("forbidden", "Cross-site request refused.");
  return { db: await getDb(), actor, ip };
}

function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
