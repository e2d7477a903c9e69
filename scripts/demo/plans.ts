import { sql } from "drizzle-orm";
import { type Db, queryRows } from "@/db";
import { systemContext } from "@/lib/auth/actor";
import { createPlan } from "@/lib/plans/manage-plans";
import { PEOPLE, PLANS } from "./catalog";

/**
 * The demo company's paid plans, named as its events name them: premium Claude Team seats for Claude Code, each
 * engineer who uses Claude Code holding a named seat (the other seats are unassigned and unused: their fee shows
 * as an unused plan fee line), and ChatGPT Business seats. Added once, when the database has no plan yet; after
 * the people (seat holders are people).
 */
export async function ensureDemoPlans(db: Db, now: Date): Promise<void> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from plans`);
  if (Number(row?.n) > 0) return;
  const start = `${now.getUTCFullYear() - 1}-01-01`;
  const ctx = systemContext(db, "demo");
  await createPlan(ctx, {
    name: PLANS.claudeCode,
    vendor: "anthropic",
    tool: "Claude Code",
    seats: 12,
    fee_per_seat_usd: "150",
    start_date: start,
    seat_holders: PEOPLE.filter((p) => p.claudeCodeSessions > 0).map((p) => p.email),
  });
  await createPlan(ctx, {
    name: PLANS.chatgpt,
    vendor: "openai",
    tool: "ChatGPT",
    seats: 6,
    fee_per_seat_usd: "30",
    start_date: start,
  });
}
