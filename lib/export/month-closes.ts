import "server-only";
import { asc } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { monthCloses } from "@/db/schema";
import type { MonthClose } from "./plan";

export async function listMonthCloses(db: DbOrTx): Promise<(MonthClose & { closedBy: string })[]> {
  return db
    .select({ month: monthCloses.month, closedAt: monthCloses.closedAt, closedBy: monthCloses.closedBy })
    .from(monthCloses)
    .orderBy(asc(monthCloses.month));
}
