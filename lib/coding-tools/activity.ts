import { sql } from "drizzle-orm";
import { queryRows } from "@/db";
import type { CodingToolSource } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

export const ACTIVITY_FIELDS = ["sessions", "lines_added", "lines_removed", "commits", "pull_requests", "accepted", "rejected"] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

/**
 * What each vendor's report holds (specs/): Claude Code Analytics counts commits and pull requests made with it,
 * Copilot's users-1-day report lines and accepted suggestions (its pull-request metrics closed in April 2026), Cursor's
 * daily usage data lines and accepts/rejects. A field a source does not report is null, never 0.
 */
const REPORTS: Record<CodingToolSource, readonly ActivityField[]> = {
  "claude-code": ["sessions", "lines_added", "lines_removed", "commits", "pull_requests", "accepted", "rejected"],
  cursor: ["lines_added", "lines_removed", "accepted", "rejected"],
  copilot: ["sessions", "lines_added", "lines_removed", "accepted"],
};

export type ToolActivityTotals = { source: CodingToolSource; people: number } & Record<ActivityField, number | null>;

/** Per coding tool, the activity its vendor reported from `from` to `to` (inclusive UTC days): tool_activity's sums. */
export async function toolActivityTotals(ctx: Ctx, range: { from: string; to: string }): Promise<ToolActivityTotals[]> {
  assertCan(ctx.actor, "dashboards:read");
  const rows = await queryRows<{ source: CodingToolSource; people: number } & Record<ActivityField, string>>(
    ctx.db,
    sql`select source, count(distinct identity)::int as people, ${sql.raw(ACTIVITY_FIELDS.map((f) => `sum(${f})::text as ${f}`).join(", "))}
      from tool_activity where day between ${range.from} and ${range.to} group by source order by source`,
  );
  return rows.map((r) => {
    const out = { source: r.source, people: r.people } as ToolActivityTotals;
    for (const f of ACTIVITY_FIELDS) out[f] = REPORTS[r.source]?.includes(f) ? Number(r[f]) : null;
    return out;
  });
}
