import Big from "big.js";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { CodingToolSource } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { usdString } from "@/lib/money";
import { CODING_TOOLS } from "@/lib/providers/connections";
import { ReconciliationInput } from "@/lib/providers/schemas";
import { listSpend } from "@/lib/spend/list-spend";
import { SPEND_ROW_LIMIT } from "@/lib/spend/schemas";

/** A day of one coding tool: what the vendor billed against the metered spend Burnrate attributes. */
export interface ToolReconciliationDay {
  date: string;
  tool: CodingToolSource;
  /**
   * The vendor's usage charge lines (Cursor's usage-based, Copilot's AI credits or premium requests); null for Claude
   * Code, whose Analytics reports estimates, not charges (API-key usage is on Anthropic's own bill, above).
   */
  charged_usage_usd: string | null;
  /** Seat lines of the vendor's bill (Copilot's "Copilot Business" / "Enterprise" user-months); null as above. */
  charged_seats_usd: string | null;
  /** Metered cost of the tool's events that name a person or a user. */
  attributed_usd: string;
  /** Metered cost of the tool's events that name no one (an org-level remainder). */
  unattributed_usd: string;
  /** Usage charged minus all metered cost: what the bill holds that no event explains (null as above). */
  gap_usd: string | null;
}

/** One person's (or an unlinked identity's) use of a coding tool over the range or day. */
export interface ToolReconciliationPerson {
  tool: CodingToolSource;
  /** The person's email, or null when the identity links to no one. */
  person: string | null;
  /** The tool's user (email, login, key name) when it links to no one; null for a person or for no user at all. */
  identity: string | null;
  /** Metered: what the vendor charged for this person's usage beyond the seat. */
  metered_usd: string;
  /** The API-list value of usage the seat included. */
  included_usd: string;
  requests: number;
}

export interface ToolReconciliation {
  days: ToolReconciliationDay[];
  people: ToolReconciliationPerson[];
}

/** The sources whose sync stores the vendor's charges (ToolDay.charges). */
const BILLED: readonly CodingToolSource[] = ["cursor", "copilot"];

/** Seat SKUs on GitHub's billing usage report (specs/github-copilot-usage-api.md §3.6): user-months, not usage. */
export function isSeatLine(lineItem: string): boolean {
  return /business|enterprise|seat/i.test(lineItem);
}

/**
 * The coding tools' side of Reconciliation for `from`–`to`: per day and tool, the vendor's charge lines (seats apart)
 * against the metered spend of the tool's events; per person, that spend split into metered and seat-included — for
 * one `day` when given. Reads the daily rollups and `provider_costs`, never raw events.
 */
export async function getToolReconciliation(ctx: Ctx, input: ReconciliationInput & { day?: string }): Promise<ToolReconciliation> {
  assertCan(ctx.actor, "dashboards:read");
  const { from, to } = ReconciliationInput.parse({ from: input.from, to: input.to });
  const tools = [...CODING_TOOLS];
  const spendQuery = (groupBy: ("tool" | "person" | "user")[], interval: "day" | "none", range: { from: string; to: string }) =>
    listSpend(ctx, { ...range, groupBy, interval, filters: { tool: tools }, limit: SPEND_ROW_LIMIT.max });
  const [charges, byDay, byPerson] = await Promise.all([
    queryRows<{ day: string; tool: CodingToolSource; line_item: string; cost: string }>(
      ctx.db,
      sql`select day::text as day, provider as tool, line_item, sum(cost_usd)::text as cost from provider_costs
        where provider in (${sql.join(
          tools.map((t) => sql`${t}`),
          sql`, `,
        )}) and day between ${from} and ${to} group by 1, 2, 3`,
    ),
    spendQuery(["tool", "user"], "day", { from, to }),
    spendQuery(["tool", "person", "user"], "none", input.day ? { from: input.day, to: input.day } : { from, to }),
  ]);

  const zero = () => ({ usage: new Big(0), seats: new Big(0), attributed: new Big(0), unattributed: new Big(0) });
  const days = new Map<string, ReturnType<typeof zero> & { date: string; tool: CodingToolSource }>();
  const at = (date: string, tool: CodingToolSource) => {
    const key = `${date}|${tool}`;
    let d = days.get(key);
    if (!d) {
      d = { date, tool, ...zero() };
      days.set(key, d);
    }
    return d;
  };
  for (const c of charges) {
    const d = at(c.day, c.tool);
    if (isSeatLine(c.line_item)) d.seats = d.seats.plus(c.cost);
    else d.usage = d.usage.plus(c.cost);
  }
  for (const r of byDay.rows) {
    if (r.unused_plan_fee || !r.period || new Big(r.cost_usd).eq(0)) continue;
    const d = at(r.period.slice(0, 10), r.tool as CodingToolSource);
    if (r.user === null || r.user === undefined) d.unattributed = d.unattributed.plus(r.cost_usd);
    else d.attributed = d.attributed.plus(r.cost_usd);
  }

  const people = new Map<string, ToolReconciliationPerson & { metered: Big; included: Big }>();
  for (const r of byPerson.rows) {
    if (r.unused_plan_fee) continue;
    const person = (r.person as string | null | undefined) ?? null;
    const identity = person === null ? ((r.user as string | null | undefined) ?? null) : null;
    const key = `${r.tool}|${person ?? ""}|${identity ?? ""}`;
    let p = people.get(key);
    if (!p) {
      p = {
        tool: r.tool as CodingToolSource,
        person,
        identity,
        metered_usd: "",
        included_usd: "",
        requests: 0,
        metered: new Big(0),
        included: new Big(0),
      };
      people.set(key, p);
    }
    p.metered = p.metered.plus(r.cost_usd);
    p.included = p.included.plus(new Big(r.list_cost_usd).minus(r.cost_usd));
    p.requests += r.requests;
  }

  return {
    days: [...days.values()]
      .sort((a, b) => a.date.localeCompare(b.date) || a.tool.localeCompare(b.tool))
      .map((d) => {
        const billed = BILLED.includes(d.tool);
        return {
          date: d.date,
          tool: d.tool,
          charged_usage_usd: billed ? usdString(d.usage) : null,
          charged_seats_usd: billed ? usdString(d.seats) : null,
          attributed_usd: usdString(d.attributed),
          unattributed_usd: usdString(d.unattributed),
          gap_usd: billed ? usdString(d.usage.minus(d.attributed).minus(d.unattributed)) : null,
        };
      }),
    people: [...people.values()]
      .sort((a, b) => b.metered.plus(b.included).cmp(a.metered.plus(a.included)) || a.tool.localeCompare(b.tool))
      .map(({ metered, included, ...p }) => ({
        ...p,
        metered_usd: usdString(metered),
        included_usd: usdString(included),
      })),
  };
}
