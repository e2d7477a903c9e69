import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/start";

/** True when the database answers a trivial query within 3 seconds. */
export async function checkHealth(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 3000);
  });
  const probe = (async () => {
    try {
      const db = await getDb();
      await db.execute(sql`select 1`);
      return true;
    } catch {
      return false;
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
