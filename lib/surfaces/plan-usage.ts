import "server-only";
import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import { wideRollupRelation } from "@/lib/aggregates/monthly";
import type { Ctx } from "@/lib/auth/actor";
import { usdString } from "@/lib/money";
import { planFeeLines } from "@/lib/plans/fee-lines";
import { listSpend } from "@/lib/spend/list-spend";
import { isServiceUser } from "./classify";

export interface SeatUsage {
  user: string | null;
  requests: number;
  valueUsd: string;
  /** Worth less on the API than its seat's fee for the same days: the seat costs more than the usage. */
  underused: boolean;
}

export interface PlanUsage {
  name: string;
  vendor: string;
  tool: string | null;
  seats: number;
  feePerSeatUsd: string;
  /** The fee of the whole month, and of its days so far (what `/api/v1/spend` counts month to date). */
  monthFeeUsd: string;
  feeSoFarUsd: string;
  /** A seat's fee for the days so far. */
  seatFeeSoFarUsd: string;
  requests: number;
  /** What the plan's calls would have cost on the metered API (their list cost). */
  valueUsd: string;
  /** Effective cost: the fee so far allocated to its usage (seat holders first), and the part nobody used. */
  allocatedUsd: string;
  unusedUsd: string;
  /** value ÷ fee so far; null when there is no fee. */
  utilisation: number | null;
  seatsUsed: number;
  includedRequests: number | null;
  seatUsage: SeatUsage[];
}

export interface HeavyApiUser {
  user: string;
  provider: string;
  costUsd: string;
  plan: string;
  seatFeeSoFarUsd: string;
}

export interface PlanReport {
  plans: PlanUsage[];
  /** People whose metered API spend this month is above a seat of a plan of the same vendor. */
  heavyApiUsers: HeavyApiUser[];
  /** Plan names events carry that Settings → Plans does not know: their fee is not counted anywhere. */
  unknownPlans: { plan: string; requests: number; valueUsd: string }[];
}

interface Line {
  name: string;
  vendor: string;
  tool: string | null;
  seats: number;
  included_requests_per_seat: number | null;
  fee_per_seat_usd: string;
  fee_usd: string;
  days: number;
  month_days: number;
}

/** Each plan's month: fee, the API value of its usage, utilisation, and which seats pay off. */
export async function getPlanReport(ctx: Ctx, range: { firstDay: string; lastDay: string; soFar: string }): Promise<PlanReport> {
  const [monthLines, soFarLines, usage, apiUsers, effective] = await Promise.all([
    queryRows<Line>(ctx.db, sql`select * from (${planFeeLines(range.firstDay, range.lastDay)}) l order by name`),
    queryRows<Line>(ctx.db, sql`select * from (${planFeeLines(range.firstDay, range.soFar)}) l order by name`),
    queryRows<{ plan: string | null; user: string | null; requests: string; value: string }>(
      ctx.db,
      sql`select plan, "user", sum(requests)::bigint as requests, sum(list_cost_usd)::numeric(30, 10)::text as value
        from ${wideRollupRelation(range.firstDay, range.lastDay)} r where surface = 'plan' and day between ${range.firstDay}::date and ${range.lastDay}::date
        group by plan, "user" order by sum(list_cost_usd) desc, "user"`,
    ),
    queryRows<{ provider: string; user: string; cost: string }>(
      ctx.db,
      sql`select provider, "user", sum(cost_usd)::numeric(30, 10)::text as cost
        from ${wideRollupRelation(range.firstDay, range.lastDay)} r where surface = 'api' and "user" is not null and day between ${range.firstDay}::date and ${range.lastDay}::date
        group by provider, "user" having sum(cost_usd) > 0 order by sum(cost_usd) desc limit 500`,
    ),
    listSpend(ctx, { from: range.firstDay, to: range.soFar, groupBy: ["plan"], interval: "none", filters: {}, limit: 10_000 }),
  ]);
  // A plan's usage carries metered cost too (rarely): the fee allocated to it is effective − metered.
  const feeOf = (name: string, unused: boolean) =>
    usdString(
      effective.rows
        .filter((r) => r.plan === name && (r.unused_plan_fee === true) === unused)
        .reduce((sum, r) => sum.plus(r.effective_cost_usd).minus(r.cost_usd), new Big(0)),
    );
  const soFar = new Map(soFarLines.map((l) => [l.name, l]));
  const plans: PlanUsage[] = monthLines.map((l) => {
    const now = soFar.get(l.name);
    const feeSoFar = now?.fee_usd ?? "0.0000000000";
    const seatFee = now ? new Big(now.fee_per_seat_usd).times(now.days).div(now.month_days).round(10, Big.roundHalfUp) : new Big(0);
    const rows = usage.filter((u) => u.plan === l.name);
    const value = rows.reduce((s, r) => s.plus(r.value), new Big(0));
    return {
      name: l.name,
      vendor: l.vendor,
      tool: l.tool,
      seats: l.seats,
      feePerSeatUsd: l.fee_per_seat_usd,
      monthFeeUsd: l.fee_usd,
      feeSoFarUsd: feeSoFar,
      seatFeeSoFarUsd: usdString(seatFee),
      requests: rows.reduce((s, r) => s + Number(r.requests), 0),
      valueUsd: usdString(value),
      allocatedUsd: feeOf(l.name, false),
      unusedUsd: feeOf(l.name, true),
      utilisation: new Big(feeSoFar).gt(0) ? value.div(feeSoFar).toNumber() : null,
      seatsUsed: rows.filter((r) => r.user !== null).length,
      includedRequests: l.included_requests_per_seat === null ? null : l.included_requests_per_seat * l.seats,
      seatUsage: rows.map((r) => ({
        user: r.user,
        requests: Number(r.requests),
        valueUsd: r.value,
        underused: r.user !== null && new Big(r.value).lt(seatFee),
      })),
    };
  });
  const known = new Set(monthLines.map((l) => l.name));
  const unknown = new Map<string, { plan: string; requests: number; value: Big }>();
  for (const u of usage) {
    const name = u.plan ?? "(no plan named)";
    if (u.plan !== null && known.has(u.plan)) continue;
    const entry = unknown.get(name) ?? { plan: name, requests: 0, value: new Big(0) };
    entry.requests += Number(u.requests);
    entry.value = entry.value.plus(u.value);
    unknown.set(name, entry);
  }
  // The cheapest seat of each vendor, for the days so far.
  const cheapest = new Map<string, PlanUsage>();
  for (const p of plans) {
    const best = cheapest.get(p.vendor);
    if (new Big(p.seatFeeSoFarUsd).gt(0) && (!best || new Big(p.seatFeeSoFarUsd).lt(best.seatFeeSoFarUsd))) cheapest.set(p.vendor, p);
  }
  const heavyApiUsers = apiUsers.flatMap((u) => {
    const seat = cheapest.get(u.provider);
    if (!seat || isServiceUser(u.user) || new Big(u.cost).lt(seat.seatFeeSoFarUsd)) return [];
    return [{ user: u.user, provider: u.provider, costUsd: u.cost, plan: seat.name, seatFeeSoFarUsd: seat.seatFeeSoFarUsd }];
  });
  return {
    plans,
    heavyApiUsers,
    unknownPlans: [...unknown.values()].map((u) => ({ plan: u.plan, requests: u.requests, valueUsd: usdString(u.value) })),
  };
}
