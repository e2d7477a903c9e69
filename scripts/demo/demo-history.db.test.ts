import Big from "big.js";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "@/db";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { getReconciliation } from "@/lib/providers/reconciliation";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { replayDemoAlerts } from "./alerts";
import { DEMO_UNTRACKED, syncDemoProviderBill } from "./provider-bill";

const NOW = new Date("2026-12-03T12:00:00Z"); // a Thursday
const reader = (db: Ctx["db"]): Ctx => ({ db, actor: { kind: "api_key", keyId: "k", name: "read", scopes: ["read"] } });

/** Two calls a day for 21 days, the extraction feature 10× on 2026-11-24; a plan call that no API bill holds. */
function history(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let d = 0; d < 21; d++) {
    const day = new Date(Date.parse("2026-11-12T00:00:00Z") + d * 86_400_000).toISOString().slice(0, 10);
    const spike = day === "2026-11-24" ? 10 : 1;
    events.push(
      makeEvent({
        id: `o-${d}`,
        timestamp: `${day}T10:15:00Z`,
        model: "gpt-4.1",
        feature: "extract",
        team: "growth",
        cost_usd: String(4 * spike),
      }),
      makeEvent({ id: `a-${d}`, timestamp: `${day}T11:30:00Z`, provider: "anthropic", model: "claude-sonnet-4-5", cost_usd: "0.75" }),
    );
  }
  events.push(
    makeEvent({ id: "plan", timestamp: "2026-11-20T09:00:00Z", provider: "anthropic", model: "claude-sonnet-4-5", surface: "plan" }),
  );
  return events;
}

describeEachDatabase("the demo's history", (t) => {
  it("bills through the real sync exactly what its metered events cost, plus the untracked lines, one per weekday", async () => {
    const db = t.handle.db;
    expect((await ingestEvents(systemContext(db), history(), NOW)).rejected).toEqual([]);
    const summary = await syncDemoProviderBill(db, NOW, 30);
    expect(summary?.status).toBe("ok");
    const rec = await getReconciliation(reader(db), { from: "2026-11-01", to: "2026-11-30" });
    // November's weekdays from the 4th (30 days before NOW) to the 30th: 19.
    const weekdays = 19;
    const untracked = new Big(DEMO_UNTRACKED.openai.usd).plus(DEMO_UNTRACKED.anthropic.usd).times(weekdays);
    expect(rec.totals.gap_usd).toBe(untracked.toFixed(10));
    // The gap is on the untracked models' weekday rows only; everything the events carry is billed to the cent.
    const spikeDay = rec.rows.filter((r) => r.date === "2026-11-24");
    expect(spikeDay.map((r) => [r.provider, r.model, r.attributed_cost_usd, r.gap_usd])).toEqual([
      ["anthropic", "claude-sonnet-4-5", "0.7500000000", DEMO_UNTRACKED.anthropic.usd.padEnd(12, "0")],
      ["openai", "gpt-4.1", "40.0000000000", "0.1800000000"],
    ]);
    const sunday = rec.rows.filter((r) => r.date === "2026-11-22");
    expect(sunday.every((r) => new Big(r.gap_usd).eq(0))).toBe(true);
    // Connecting real keys later reads the bill from scratch: no cursor is left behind.
    const cursors = await queryRows(db, sql`select provider from provider_sync_state where provider in ('openai', 'anthropic')`);
    expect(cursors).toEqual([]);
  });

  it("replays alerts at the moment each would have fired, budgets only at their periods' ends", async () => {
    const db = t.handle.db;
    await ingestEvents(systemContext(db), history(), NOW);
    const counts = await replayDemoAlerts(db, NOW);
    const fired = await queryRows<{
      kind: string;
      subject: string | null;
      threshold: number | null;
      period_start: string;
      fired_at: Date | string;
    }>(
      db,
      sql`select kind, subject, threshold, period_start::text as period_start, fired_at from alerts order by fired_at, kind, subject, threshold`,
    );
    const at = (r: (typeof fired)[number]) => new Date(r.fired_at).toISOString();
    // The extraction spike: the daily budget's three thresholds and the anomalies, at the end of that day.
    const spike = fired.filter((r) => r.period_start === "2026-11-24");
    expect(spike.filter((r) => r.kind === "budget").map((r) => [r.threshold, at(r)])).toEqual([
      [50, "2026-11-24T23:59:59.999Z"],
      [80, "2026-11-24T23:59:59.999Z"],
      [100, "2026-11-24T23:59:59.999Z"],
    ]);
    expect(spike.some((r) => r.kind === "anomaly" && at(r) === "2026-11-24T23:59:59.999Z")).toBe(true);
    // A weekly budget is judged on a whole week, at its end (the week of the spike, $64 of $60), never in the middle
    // of a week it would see the end of.
    expect(
      fired.filter((r) => r.kind === "budget" && r.subject?.includes("week")).map((r) => [r.period_start, r.threshold, at(r)]),
    ).toEqual([
      ["2026-11-23", 50, "2026-11-29T23:59:59.999Z"],
      ["2026-11-23", 80, "2026-11-29T23:59:59.999Z"],
      ["2026-11-23", 100, "2026-11-29T23:59:59.999Z"],
    ]);
    expect(counts.budget).toBe(fired.filter((r) => r.kind === "budget").length);
    expect(counts.anomaly).toBe(fired.filter((r) => r.kind === "anomaly").length);
  });
});
