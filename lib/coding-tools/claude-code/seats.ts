import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import type { SeatPlan } from "../types";

/** Anthropic's list price per seat-month for a plan the Analytics API names; unknown types start at 0 (set it in Plans). */
const SEAT_FEES: Record<string, string> = { "Claude Team": "30", "Claude Pro": "20", "Claude Max": "100" };

/**
 * The Claude plan, from what the sync stored: Analytics reports no seats, only the subscription actors who used Claude
 * Code. The plan is the one most of them used in the last 30 days; its holders are those actors; its seats never shrink
 * below what an admin set (an idle seat holder is invisible to the API).
 */
export async function claudeSeatPlan(ctx: Ctx, now: Date): Promise<SeatPlan | null> {
  const rows = await queryRows<{ plan: string; user: string }>(
    ctx.db,
    sql`select distinct plan, lower("user") as "user" from events
      where sync_source = 'claude-code' and surface = 'plan' and plan is not null and "user" like '%@%'
        and "timestamp" >= ${now.toISOString()}::timestamptz - interval '30 days'
      order by 1, 2`,
  );
  if (rows.length === 0) return null;
  const byPlan = new Map<string, string[]>();
  for (const r of rows) byPlan.set(r.plan, [...(byPlan.get(r.plan) ?? []), r.user]);
  const [name, users] = [...byPlan.entries()].sort((a, b) => b[1].length - a[1].length)[0] as [string, string[]];
  return {
    name,
    vendor: "anthropic",
    tool: "claude-code",
    seats: users.length,
    feePerSeatUsd: SEAT_FEES[name] ?? "0",
    holders: users.map((value) => ({ kind: "email", value })),
  };
}
