import { asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { alerts } from "@/db/schema";
import { evaluateBudgets } from "@/lib/alerts/evaluate-budgets";
import { AuditQueryInput, listAuditLog } from "@/lib/audit/queries";
import { type Ctx, systemContext } from "@/lib/auth/actor";
import { ingestEvents } from "@/lib/ingest/ingest-events";
import { createPlan } from "@/lib/plans/manage-plans";
import { describeEachDatabase } from "@/scripts/test/databases";
import { makeEvent } from "@/scripts/test/events";
import { checkBudgets } from "./check-budgets";
import { createBudget } from "./create-budget";
import { deleteBudget } from "./delete-budget";
import { listBudgets } from "./queries";
import { updateBudget } from "./update-budget";

const NOW = new Date("2026-11-22T12:00:00Z"); // a Sunday

const as = (db: Ctx["db"], role: "admin" | "finance" | "member"): Ctx => ({
  db,
  actor: { kind: "user", userId: `00000000-0000-4000-8000-00000000000${role.length}`, email: `${role}@example.com`, name: null, role },
});

describeEachDatabase("budgets", (t) => {
  const finance = () => as(t.handle.db, "finance");
  let n = 0;
  async function spend(cost: string, at: string, over: Record<string, unknown> = {}, now = NOW) {
    const r = await ingestEvents(
      systemContext(t.handle.db),
      [makeEvent({ id: `e${n++}`, timestamp: at, cost_usd: cost, team: "platform", ...over })],
      now,
    );
    expect(r.accepted).toBe(1);
  }
  const fired = async () =>
    (
      await t.handle.db
        .select({ threshold: alerts.threshold, periodStart: alerts.periodStart, budgetId: alerts.budgetId })
        .from(alerts)
        .orderBy(asc(alerts.periodStart), asc(alerts.threshold))
    ).map((a) => `${a.periodStart}:${a.threshold}`);

  it("a budget measures metered, effective or list cost: plan usage crosses an effective budget, not a metered one", async () => {
    // 3 seats × $30 in November (30 days): $3 a day, all of it to the plan's usage on the days it is used.
    await createPlan(finance(), { name: "Claude Team", vendor: "anthropic", seats: 3, fee_per_seat_usd: "30", start_date: "2026-11-01" });
    const budget = (measure?: string) =>
      createBudget(
        finance(),
        {
          name: `Platform ${measure ?? "default"}`,
          amount_usd: "4",
          period: "day",
          filters: { team: "platform" },
          ...(measure ? { measure } : {}),
        },
        NOW,
      );
    const metered = await budget();
    const effective = await budget("effective");
    const list = await budget("list");
    expect([metered.measure, effective.measure, list.measure]).toEqual(["cost", "effective", "list"]);
    await expect(budget("billed")).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["measure"] })] });

    await spend("2", "2026-11-22T08:00:00Z", { surface: "plan", plan: "Claude Team", provider: "anthropic" }); // $0 metered, $2 list
    await spend("0.5", "2026-11-22T09:00:00Z"); // metered
    const status = Object.fromEntries((await listBudgets(finance(), NOW)).map((b) => [b.measure, b.spentUsd]));
    // Effective: 0.5 metered + the day's whole $3 (the plan call was the only usage on it).
    expect(status).toEqual({ cost: "0.5000000000", effective: "3.5000000000", list: "2.5000000000" });
    const alerts = await evaluateBudgets(systemContext(t.handle.db), NOW);
    expect(alerts.map((a) => [a.budgetId, a.threshold]).sort()).toEqual(
      [
        [effective.id, 50],
        [effective.id, 80],
        [list.id, 50],
      ].sort(),
    );
    const [check] = (await checkBudgets(finance(), { team: "platform" }, NOW)).budgets.filter((b) => b.id === effective.id);
    expect(check).toMatchObject({ spentUsd: "3.5000000000", percent: 87.5 });
    // Changing the amount keeps the measure.
    await updateBudget(finance(), effective.id, {
      name: effective.name,
      amount_usd: "3",
      period: "day",
      filters: { team: "platform" },
      measure: "effective",
    });
    expect((await listBudgets(finance(), NOW)).find((b) => b.id === effective.id)).toMatchObject({ measure: "effective", percent: 116.66 });
  });

  it("thresholds fire as ingested spend crosses them, once each, and only for matching spend", async () => {
    const b = await createBudget(
      finance(),
      { name: "Platform daily", amount_usd: "10", period: "day", filters: { team: "platform" } },
      NOW,
    );
    expect(b.thresholds).toEqual([50, 80, 100]);
    await spend("4.9999999999", "2026-11-22T08:00:00Z");
    await spend("500", "2026-11-22T09:00:00Z", { team: "growth" }); // another team
    await spend("500", "2026-11-21T23:59:59Z"); // yesterday
    expect(await evaluateBudgets(systemContext(t.handle.db), NOW)).toEqual([]);

    await spend("0.0000000001", "2026-11-22T09:00:00Z"); // exactly 50 %
    expect((await evaluateBudgets(systemContext(t.handle.db), NOW)).map((a) => a.threshold)).toEqual([50]);
    expect(await evaluateBudgets(systemContext(t.handle.db), NOW)).toEqual([]);

    await spend("5.5", "2026-11-22T10:00:00Z"); // 105 %: 80 and 100 at once
    expect((await evaluateBudgets(systemContext(t.handle.db), NOW)).map((a) => a.threshold)).toEqual([80, 100]);
    expect(await fired()).toEqual(["2026-11-22:50", "2026-11-22:80", "2026-11-22:100"]);

    const [status] = await listBudgets(finance(), NOW);
    expect(status).toMatchObject({ spentUsd: "10.5000000000", percent: 105, remainingUsd: "0.0000000000", periodStart: "2026-11-22" });
    const [message] = await t.handle.db.select({ m: alerts.message, d: alerts.details }).from(alerts).where(eq(alerts.threshold, 100));
    expect(message?.m).toContain('Budget "Platform daily" reached 100 %');
    expect(message?.d).toMatchObject({ budget: "Platform daily", threshold: 100, spend: "10.5000000000", period: { kind: "day" } });
  });

  it("evaluators running concurrently fire each threshold exactly once", async () => {
    await createBudget(finance(), { name: "All spend", amount_usd: "100", period: "month" }, NOW);
    await createBudget(
      finance(),
      { name: "Platform", amount_usd: "50", period: "week", filters: { team: "platform" }, thresholds: [25, 50, 75, 100] },
      NOW,
    );
    await spend("120", "2026-11-20T10:00:00Z");
    const runs = await Promise.all(Array.from({ length: 8 }, () => evaluateBudgets(systemContext(t.handle.db), NOW)));
    expect(runs.flat()).toHaveLength(7);
    expect(await fired()).toHaveLength(7);
    expect(new Set((await t.handle.db.select({ k: alerts.dedupeKey }).from(alerts)).map((r) => r.k)).size).toBe(7);
  });

  it("periods roll over at UTC midnight and on ISO Monday; the new period fires again", async () => {
    await createBudget(finance(), { name: "Daily", amount_usd: "10", period: "day", thresholds: [50] }, NOW);
    await createBudget(finance(), { name: "Weekly", amount_usd: "20", period: "week", thresholds: [50] }, NOW);
    await spend("10", "2026-11-22T23:00:00Z", {}, new Date("2026-11-22T23:30:00Z"));
    await evaluateBudgets(systemContext(t.handle.db), new Date("2026-11-22T23:59:59Z"));
    expect(await fired()).toEqual(["2026-11-16:50", "2026-11-22:50"]);

    // Monday 00:00:30: a new day and a new ISO week; nothing spent yet, nothing fires, status starts at 0.
    const monday = new Date("2026-11-23T00:00:30Z");
    expect(await evaluateBudgets(systemContext(t.handle.db), monday)).toEqual([]);
    const statuses = await listBudgets(finance(), monday);
    expect(statuses.map((s) => [s.name, s.periodStart, s.spentUsd])).toEqual([
      ["Daily", "2026-11-23", "0.0000000000"],
      ["Weekly", "2026-11-23", "0.0000000000"],
    ]);

    await spend("10", "2026-11-23T00:00:10Z", {}, monday);
    expect((await evaluateBudgets(systemContext(t.handle.db), monday)).map((a) => a.periodStart)).toEqual(["2026-11-23", "2026-11-23"]);
    expect(await fired()).toEqual(["2026-11-16:50", "2026-11-22:50", "2026-11-23:50", "2026-11-23:50"]);
  });

  it("raising a budget mid-period does not re-fire passed thresholds; lowering it can fire new ones", async () => {
    const b = await createBudget(finance(), { name: "Team", amount_usd: "10", period: "month", filters: { team: "platform" } }, NOW);
    await spend("6", "2026-11-05T10:00:00Z");
    expect((await evaluateBudgets(systemContext(t.handle.db), NOW)).map((a) => a.threshold)).toEqual([50]);

    await updateBudget(finance(), b.id, { name: "Team", amount_usd: "100", period: "month", filters: { team: "platform" } }, NOW);
    await spend("49", "2026-11-06T10:00:00Z"); // 55 % of the raised amount: 50 % already fired this period
    expect(await evaluateBudgets(systemContext(t.handle.db), NOW)).toEqual([]);

    await updateBudget(finance(), b.id, { name: "Team", amount_usd: "60", period: "month", filters: { team: "platform" } }, NOW);
    expect((await evaluateBudgets(systemContext(t.handle.db), NOW)).map((a) => a.threshold)).toEqual([80]); // 91.7 %
    expect(await fired()).toEqual(["2026-11-01:50", "2026-11-01:80"]);
  });

  it("budget check: matching budgets by their filters; allowed until one of them is at 100 %", async () => {
    const platform = await createBudget(
      finance(),
      { name: "Platform", amount_usd: "10", period: "day", filters: { team: "platform" } },
      NOW,
    );
    await createBudget(finance(), { name: "Everything", amount_usd: "1000", period: "month" }, NOW);
    await createBudget(
      finance(),
      { name: "o3 for platform", amount_usd: "5", period: "day", filters: { team: "platform", model: "o3" } },
      NOW,
    );
    await spend("9.99", "2026-11-22T10:00:00Z");

    const before = await checkBudgets(as(t.handle.db, "member"), { team: "platform" }, NOW);
    expect(before.allowed).toBe(true);
    expect(before.budgets.map((b) => b.name).sort()).toEqual(["Everything", "Platform"]);

    await spend("0.01", "2026-11-22T11:00:00Z");
    const at100 = await checkBudgets(as(t.handle.db, "member"), { team: "platform", user: "ana" }, NOW);
    expect(at100.allowed).toBe(false);
    expect(at100.budgets.find((b) => b.id === platform.id)).toMatchObject({
      spentUsd: "10.0000000000",
      percent: 100,
      remainingUsd: "0.0000000000",
    });

    const growth = await checkBudgets(as(t.handle.db, "member"), { team: "growth" }, NOW);
    expect(growth).toMatchObject({ allowed: true, budgets: [{ name: "Everything", spentUsd: "10.0000000000" }] });
    expect((await checkBudgets(as(t.handle.db, "member"), { team: "platform", model: "o3" }, NOW)).budgets).toHaveLength(3);
  });

  it("only admins and finance manage budgets; every change is in the audit log; unknown ids are 404", async () => {
    await expect(createBudget(as(t.handle.db, "member"), { name: "x", amount_usd: "1", period: "day" }, NOW)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      createBudget(finance(), { name: "x", amount_usd: "1", period: "day", filters: { billable: "maybe" } }, NOW),
    ).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "filters.billable" }],
    });
    const b = await createBudget(as(t.handle.db, "admin"), { name: "x", amount_usd: "1", period: "day" }, NOW);
    await deleteBudget(finance(), b.id);
    await expect(deleteBudget(finance(), b.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteBudget(finance(), "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    const log = await listAuditLog(as(t.handle.db, "admin"), AuditQueryInput.parse({ action: "budget" }));
    expect(log.rows.map((r) => r.action)).toEqual(["budget.deleted", "budget.created"]);
  });
});
