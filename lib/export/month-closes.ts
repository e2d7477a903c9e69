import "server-only";
import { asc, sql } from "drizzle-orm";
import { type MonthSnapshot, monthCloses } from "@/db/schema";
import type { SnapshotReader } from "@/db/snapshot";
import type { Ctx } from "@/lib/auth/actor";
import type { MonthClose } from "./plan";

/** Every closed month, oldest first, with who closed it and the totals it was frozen at. */
export async function listMonthCloses(ctx: Ctx): Promise<(MonthClose & { closedBy: string; snapshot: MonthSnapshot })[]> {
  return ctx.db
    .select({ month: monthCloses.month, closedAt: monthCloses.closedAt, closedBy: monthCloses.closedBy, snapshot: monthCloses.snapshot })
    .from(monthCloses)
    .orderBy(asc(monthCloses.month));
}

/** The same, read inside a snapshot (`readSnapshot`), so the export and its plan see the same closes. */
export async function readMonthCloses(reader: SnapshotReader): Promise<MonthClose[]> {
  const closes: MonthClose[] = [];
  const query = sql`select month, to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from month_closes order by month`;
  for await (const rows of reader.rows(query, 1000)) {
    for (const [month, closedAt] of rows) closes.push({ month: String(month), closedAt: new Date(String(closedAt)) });
  }
  return closes;
}
