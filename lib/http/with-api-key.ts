import "server-only";
import type { Db } from "@/db/client";
import { type ApiKeyActor, authenticateApiKey } from "@/lib/auth/api-keys";
import { type ApiScope, hasScope } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db";
import { AppError } from "./app-error";
import { errorResponse } from "./respond";

export interface ApiContext {
  db: Db;
  actor: ApiKeyActor;
}

type Handler<P> = (args: { req: Request; ctx: ApiContext; params: P }) => Promise<Response>;

/** Wraps a route handler: Bearer key → actor with the needed scope (401 unknown, 403 wrong scope); errors mapped once. */
export function withApiKey<P = Record<string, string>>(scope: ApiScope, handler: Handler<P>) {
  return async (req: Request, route?: { params: Promise<P> }): Promise<Response> => {
    try {
      const header = req.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new AppError("unauthorized", "Send an API key as 'Authorization: Bearer <key>'.");
      const db = await getDb();
      const actor = await authenticateApiKey(db, match[1]);
      if (!actor) throw new AppError("unauthorized", "The API key is unknown or revoked.");
      if (!hasScope(actor.scopes, scope)) throw new AppError("forbidden", `This API key lacks the '${scope}' scope.`);
      const params = (route ? await route.params : {}) as P;
      return await handler({ req, ctx: { db, actor }, params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
