import "server-only";
import type { Ctx } from "@/lib/auth/actor";
import { getReadDb } from "@/lib/start";

/**
 * The same caller, reading from the replica (DATABASE_READ_URL, db/replica.ts) when one is configured: for what
 * dashboards, read APIs and exports show, asked for at the page or route boundary (`withAuth(…, { replica: true })`
 * for route handlers). Not for settings, server actions, ingest or jobs: they read their own writes. The replica may
 * be a little behind; when it cannot be reached, reads go to the primary. Without a replica this is `ctx` itself.
 */
export async function readContext<C extends Ctx>(ctx: C): Promise<C> {
  const db = await getReadDb();
  if (db === ctx.db) return ctx;
  return { ...ctx, db, primaryDb: ctx.primaryDb ?? (ctx.db as Ctx["primaryDb"]) };
}
