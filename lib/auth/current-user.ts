import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/start";
import type { UserActor } from "./actor";
import { auth } from "./next-auth";
import { loadSessionUser } from "./session-user";

/** The signed-in member for this request (once per render), or null. */
export const getCurrentUser = cache(async (): Promise<UserActor | null> => {
  const session = (await auth()) as { user?: { id?: unknown }; epoch?: unknown; sid?: unknown } | null;
  if (!session?.user) return null;
  return loadSessionUser({ db: await getDb() }, { uid: session.user.id, epoch: session.epoch, sid: session.sid });
});
