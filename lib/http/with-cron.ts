import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/start";
import { errorResponse } from "./respond";

/** Equal-length digests compared in constant time: neither the secret's content nor its length leaks through timing. */
export function secretMatches(given: string, secret: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

/**
 * Wraps a route an external scheduler calls: `Authorization: Bearer $CRON_SECRET`. CRON_SECRET unset → 503
 * `disabled` (the endpoint is off, whatever is sent); missing or wrong bearer → 401. The handler runs as the system.
 */
export function withCron(name: string, handler: (args: { req: Request; ctx: Ctx }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const secret = env().CRON_SECRET;
      if (!secret) throw new AppError("disabled", "Cron endpoints are disabled: set CRON_SECRET on the server to enable them.");
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
      if (!match?.[1] || !secretMatches(match[1], secret)) {
        throw new AppError("unauthorized", "Send the cron secret as 'Authorization: Bearer <CRON_SECRET>'.");
      }
      return await handler({ req, ctx: systemContext(await getDb(), name) });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
